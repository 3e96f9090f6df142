import { describe, expect, it } from 'vitest'
import { measureSms } from './sms-segments'

const gsm = (length: number) => 'a'.repeat(length)
const ucs2 = (length: number) => 'ж'.repeat(length)

describe('measureSms', () => {
  it('counts nothing for an empty message', () => {
    expect(measureSms('')).toEqual({ encoding: 'GSM-7', segments: 0, characters: 0, perSegment: 160, nonGsmCharacters: [] })
  })

  it('fits 160 GSM-7 characters in one segment and 153 in each part of a longer message', () => {
    expect(measureSms(gsm(160))).toEqual({ encoding: 'GSM-7', segments: 1, characters: 160, perSegment: 160, nonGsmCharacters: [] })
    expect(measureSms(gsm(161))).toMatchObject({ segments: 2, characters: 161, perSegment: 153 })
    expect(measureSms(gsm(306))).toMatchObject({ segments: 2, perSegment: 153 })
    expect(measureSms(gsm(307))).toMatchObject({ segments: 3, perSegment: 153 })
    expect(measureSms(gsm(459)).segments).toBe(3)
    expect(measureSms(gsm(460)).segments).toBe(4)
  })

  it('counts an extension character as two septets', () => {
    expect(measureSms('€')).toMatchObject({ encoding: 'GSM-7', characters: 2 })
    expect(measureSms('[]{}^~|\\')).toMatchObject({ encoding: 'GSM-7', characters: 16 })
    expect(measureSms('€'.repeat(80))).toMatchObject({ segments: 1, characters: 160 })
    expect(measureSms('€'.repeat(81))).toMatchObject({ segments: 2, characters: 162 })
  })

  it('keeps the accented letters of the GSM-7 alphabet in GSM-7, but not the others', () => {
    expect(measureSms('José, ¿qué tal? Ñoño à Ü ù')).toMatchObject({ encoding: 'GSM-7', nonGsmCharacters: [] })
    expect(measureSms('Sí, mamá')).toMatchObject({ encoding: 'UCS-2', nonGsmCharacters: ['í', 'á'] })
  })

  it('switches the whole message to UCS-2 for one curly apostrophe or emoji', () => {
    expect(measureSms(`${gsm(100)}’`)).toEqual({ encoding: 'UCS-2', segments: 2, characters: 101, perSegment: 67, nonGsmCharacters: ['’'] })
    expect(measureSms('Hi 😀')).toMatchObject({ encoding: 'UCS-2', segments: 1, perSegment: 70, nonGsmCharacters: ['😀'] })
  })

  it('fits 70 UCS-2 code units in one segment and 67 in each part of a longer message', () => {
    expect(measureSms(ucs2(70))).toMatchObject({ encoding: 'UCS-2', segments: 1, characters: 70, perSegment: 70 })
    expect(measureSms(ucs2(71))).toMatchObject({ segments: 2, characters: 71, perSegment: 67 })
    expect(measureSms(ucs2(134)).segments).toBe(2)
    expect(measureSms(ucs2(135)).segments).toBe(3)
  })

  it('counts an emoji as two code units, a GSM-7 character in a UCS-2 message as one', () => {
    expect(measureSms('😀').characters).toBe(2)
    expect(measureSms('€😀').characters).toBe(3)
    expect(measureSms('😀'.repeat(35))).toMatchObject({ segments: 1, characters: 70 })
    expect(measureSms('😀'.repeat(36))).toMatchObject({ segments: 2, characters: 72 })
  })

  it('lists each character that forces UCS-2 once, in order of appearance', () => {
    expect(measureSms('It’s “great” — 😀 it’s 😀').nonGsmCharacters).toEqual(['’', '“', '”', '—', '😀'])
  })
})
