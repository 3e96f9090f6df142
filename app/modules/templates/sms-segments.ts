import { SegmentedMessage } from 'sms-segments-calculator'

/**
 * What a message costs: its encoding and segments, by Twilio's own calculator
 * (sms-segments-calculator), so the editor's figures are the ones billed.
 * A message is GSM-7 (160 septets, 153 per part once split) unless one
 * character is not in the GSM-7 alphabets, which makes the whole of it UCS-2
 * (70 code units, 67 per part). Browser-safe.
 */

export type SmsMeasure = {
  encoding: 'GSM-7' | 'UCS-2'
  segments: number
  /** GSM-7 septets (an extension character such as € [ ] { } ^ ~ | \ takes 2) or UCS-2 code units (an emoji takes 2). */
  characters: number
  /** What one segment holds: 160 or 153 (GSM-7), 70 or 67 (UCS-2), less once the message is split. */
  perSegment: number
  /** The distinct characters that force UCS-2, in order of appearance. */
  nonGsmCharacters: string[]
}

const PER_SEGMENT = { 'GSM-7': { single: 160, split: 153 }, 'UCS-2': { single: 70, split: 67 } } as const

export function measureSms(text: string): SmsMeasure {
  if (text === '') return { encoding: 'GSM-7', segments: 0, characters: 0, perSegment: PER_SEGMENT['GSM-7'].single, nonGsmCharacters: [] }
  const message = new SegmentedMessage(text, 'auto')
  const encoding = message.encodingName
  const segments = message.segmentsCount
  return {
    encoding,
    segments,
    // Not `numberOfCharacters`: in UCS-2 it counts graphemes, and an emoji fills two code units of a segment.
    characters: message.encodedChars.reduce((count, char) => count + char.codeUnits.length, 0),
    perSegment: segments > 1 ? PER_SEGMENT[encoding].split : PER_SEGMENT[encoding].single,
    nonGsmCharacters: [...new Set(message.getNonGsmCharacters())],
  }
}
