import { createHash, randomBytes } from 'node:crypto'

/** 256 random bits, URL-safe. Used for session ids and one-time links. */
export function generateToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** What we store instead of a token: a leaked table reveals no usable secret. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
