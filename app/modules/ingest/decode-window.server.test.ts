import { Buffer } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { completeUtf8End, decodeWindow, decodeWindows1252, firstInvalidUtf8 } from './decode-window.server'

describe('decodeWindow', () => {
  it('maps every character position of UTF-8 text back to its byte offset', () => {
    const text = 'aé€😀z'
    const decoded = decodeWindow(Buffer.from(text), 'utf-8', { final: true })
    expect(decoded.text).toBe(text)
    expect([0, 1, 2, 3, 5, 6].map((c) => decoded.byteOffsetAt(c))).toEqual([0, 1, 3, 6, 10, 11])
  })

  it('holds back a character cut by the end of a window that is not the last', () => {
    const bytes = Buffer.from('ab€')
    for (let cut = 3; cut < bytes.length; cut++) {
      const decoded = decodeWindow(bytes.subarray(0, cut), 'utf-8', { final: false })
      expect(decoded).toMatchObject({ text: 'ab', byteLength: 2 })
    }
    expect(decodeWindow(bytes, 'utf-8', { final: false })).toMatchObject({ text: 'ab€', byteLength: 5 })
  })

  it('reads bytes that are not UTF-8 as Windows-1252, reports where, and keeps offsets exact', () => {
    const bytes = Buffer.concat([Buffer.from('é,'), Buffer.from([0x93, 0x41, 0x94]), Buffer.from(',€')])
    const decoded = decodeWindow(bytes, 'utf-8', { final: true })
    expect(decoded.text).toBe('é,“A”,€')
    expect(decoded.foreign).toEqual([
      [2, 3],
      [4, 5],
    ])
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((c) => decoded.byteOffsetAt(c))).toEqual([0, 2, 3, 4, 5, 6, 7, 10])
  })

  it('decodes Windows-1252 one byte per character, keeping its five undefined bytes', () => {
    const bytes = Buffer.from([0x80, 0x81, 0x8d, 0x93, 0x94, 0x9d, 0x9f, 0xe9, 0xf1])
    expect(decodeWindows1252(bytes)).toBe('€\u0081\u008d“”\u009dŸéñ')
    const decoded = decodeWindow(bytes, 'windows-1252', { final: false })
    expect(decoded.byteOffsetAt(5)).toBe(5)
  })
})

describe('UTF-8 validation', () => {
  it('refuses overlong forms, surrogates and code points past U+10FFFF', () => {
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xc0, 0x80]), 0)).toBe(1)
    expect(firstInvalidUtf8(Buffer.from([0xe0, 0x80, 0x80]), 0)).toBe(0)
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]), 0)).toBe(0)
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]), 0)).toBe(0)
    expect(firstInvalidUtf8(Buffer.from('ok €😀'), 0)).toBe(Buffer.byteLength('ok €😀'))
  })

  it('finds where the last complete character ends', () => {
    const euro = Buffer.from('a€')
    expect(completeUtf8End(euro)).toBe(4)
    expect(completeUtf8End(euro.subarray(0, 3))).toBe(1)
    expect(completeUtf8End(euro.subarray(0, 2))).toBe(1)
  })
})
