import { describe, expect, it } from 'vitest'
import { formatBytes, sniffImageType } from './media-types'

const bytes = (...values: (number | string)[]) =>
  Uint8Array.from(values.flatMap((v) => (typeof v === 'string' ? [...v].map((c) => c.charCodeAt(0)) : [v])))

describe('sniffImageType', () => {
  it('knows JPEG, PNG and GIF (87a and 89a) by their first bytes', () => {
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF'))).toBe('image/jpeg')
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe1, 'Exif'))).toBe('image/jpeg')
    expect(sniffImageType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR'))).toBe('image/png')
    expect(sniffImageType(bytes('GIF89a', 1, 0, 1, 0))).toBe('image/gif')
    expect(sniffImageType(bytes('GIF87a'))).toBe('image/gif')
  })

  it('refuses what only looks like an image by its name or a near miss of a signature', () => {
    // A PNG whose line-ending bytes were mangled by a text transfer.
    expect(sniffImageType(bytes(0x89, 'PNG', 0x0a, 0x1a, 0x0a))).toBeNull()
    expect(sniffImageType(bytes('GIF88a'))).toBeNull()
    expect(sniffImageType(bytes(0xff, 0xd8))).toBeNull()
    expect(sniffImageType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull()
    expect(sniffImageType(bytes('%PDF-1.7'))).toBeNull()
    expect(sniffImageType(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toBeNull()
    expect(sniffImageType(new Uint8Array())).toBeNull()
  })
})

describe('formatBytes', () => {
  it('says sizes in decimal units, as the limit is', () => {
    expect(formatBytes(5_000_000)).toBe('5.0 MB')
    expect(formatBytes(340_400)).toBe('340 KB')
    expect(formatBytes(12)).toBe('12 bytes')
  })
})
