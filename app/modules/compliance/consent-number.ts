import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { resolvePhone } from '~/modules/ingest/resolve/phone'

/**
 * The E.164 form a number's consent is recorded and read under. Revocations,
 * listings and reads take any number that can exist (a new area code the
 * bundled metadata does not know yet must not lose its STOP); an opt-in or a
 * consent grant only a valid one (`validE164`).
 */
export function possibleE164(text: string): string | null {
  const parsed = parsePhoneNumberFromString(text.trim(), 'US')
  return parsed?.isPossible() ? parsed.number : null
}

export function validE164(text: string): string | null {
  const resolved = resolvePhone(text)
  return resolved?.ok ? resolved.e164 : null
}
