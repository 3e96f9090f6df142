import { parsePhoneNumberFromString } from 'libphonenumber-js/max'

/**
 * Phone numbers to E.164 with libphonenumber-js (full metadata, so validity
 * means a number the numbering plan allows, not just the right length).
 * US is the default country. A cell that is not a valid number is a row
 * error with its raw value, never dropped silently; an empty cell is nothing.
 *
 * Validation costs ~20 µs; vendor files repeat numbers, so results are
 * memoized by their digit string (bounded, cleared when full).
 */

export type PhoneResult = { ok: true; e164: string } | { ok: false; message: string }

const MEMO_LIMIT = 50_000
const memo = new Map<string, PhoneResult>()

const EXTENSION = /\s*(?:x|ext\.?|extension|#)\s*\d{1,6}\s*$/i

function candidate(raw: string): string | null {
  const text = raw.replace(EXTENSION, '').trim()
  const digits = text.replace(/\D/g, '')
  if (!digits) return null
  if (text.startsWith('+')) return `+${digits}`
  if (text.startsWith('011')) return `+${digits.slice(3)}`
  if (digits.length === 10) return `+1${digits}`
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`
  return digits
}

/** null for an empty cell; otherwise the E.164 number or why it is not one. */
export function resolvePhone(raw: string | null | undefined): PhoneResult | null {
  if (raw === null || raw === undefined) return null
  const trimmed = raw.trim()
  if (!trimmed) return null
  const key = candidate(trimmed)
  if (key === null) return { ok: false, message: 'No digits in the phone number' }
  const known = memo.get(key)
  if (known) return known
  let result: PhoneResult
  if (/[eE]\+?\d+$/.test(trimmed) && /\d\.\d/.test(trimmed)) {
    // 5.12867E+09: a spreadsheet turned the number into a float and lost digits.
    result = { ok: false, message: 'The number is in scientific notation; its digits were lost before the export' }
  } else {
    const parsed = parsePhoneNumberFromString(key, 'US')
    result = parsed?.isValid() ? { ok: true, e164: parsed.number } : { ok: false, message: 'Not a valid phone number' }
  }
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(key, result)
  return result
}
