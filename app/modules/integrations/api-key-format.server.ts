import { randomBytes } from 'node:crypto'
import { hashToken } from '~/modules/auth/tokens.server'

/**
 * Keys look like `esd_live_<43 base62 characters>` (prod organizations) or
 * `esd_test_…` (sandbox and test organizations). 43 characters of base62 are
 * 256 random bits; base62 keeps the key one double-clickable word.
 */
export type ApiKeyMode = 'live' | 'test'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
export const API_KEY_SECRET_LENGTH = 43
/** Secret characters kept visible in the stored prefix, e.g. `esd_live_AbC1`. */
const VISIBLE_SECRET_CHARS = 4
const KEY_PATTERN = new RegExp(`^esd_(live|test)_([0-9A-Za-z]{${API_KEY_SECRET_LENGTH}})$`)

export function apiKeyModeFor(environment: 'prod' | 'sandbox' | 'test'): ApiKeyMode {
  return environment === 'prod' ? 'live' : 'test'
}

/** Uniform base62: bytes of 248 and above are dropped so that `% 62` has no bias. */
function randomBase62(length: number): string {
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62]
      if (out.length === length) break
    }
  }
  return out
}

export function generateApiKey(mode: ApiKeyMode): { key: string; prefix: string; hash: string } {
  const key = `esd_${mode}_${randomBase62(API_KEY_SECRET_LENGTH)}`
  return { key, prefix: apiKeyPrefix(key), hash: hashApiKey(key) }
}

/** The parts of a well-formed key, or null; says nothing about whether it exists. */
export function parseApiKey(value: string): { mode: ApiKeyMode; secret: string } | null {
  const match = KEY_PATTERN.exec(value)
  if (!match) return null
  return { mode: match[1] as ApiKeyMode, secret: match[2]! }
}

export function apiKeyPrefix(key: string): string {
  return key.slice(0, 'esd_live_'.length + VISIBLE_SECRET_CHARS)
}

/** sha256 hex: what is stored instead of the key. */
export function hashApiKey(key: string): string {
  return hashToken(key)
}
