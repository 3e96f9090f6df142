/** No 0/O, 1/I/L, U: codes are read off paper and typed by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789'
export const RECOVERY_CODE_COUNT = 10

/** 16 characters from 30 symbols: about 78 random bits, shown as XXXX-XXXX-XXXX-XXXX. */
export function formatRecoveryCode(randomValues: Uint8Array): string {
  let code = ''
  for (let i = 0; code.length < 16; i++) {
    const byte = randomValues[i]
    if (byte === undefined) throw new Error('not enough random bytes for a recovery code')
    // Rejection sampling keeps every symbol equally likely.
    if (byte < 240) code += ALPHABET[byte % ALPHABET.length]
  }
  return code.match(/.{4}/g)!.join('-')
}

/** What the user typed, reduced to the stored form: case, dashes and spaces do not matter. */
export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '')
}
