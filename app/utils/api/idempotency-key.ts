import { AppError } from '../app-error'
import { IDEMPOTENCY_ERRORS } from './error-codes'

/** The `Idempotency-Key` header: its name, format and lifetimes (docs/decisions/020). */

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key'
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000
/**
 * How long a first request may hold its key without finishing. Past that it
 * is taken to have died (a crashed server) and a retry with the same request
 * may run it again.
 */
export const IDEMPOTENCY_LEASE_MS = 5 * 60 * 1000
/** What a 409 tells the caller to wait before retrying. */
export const IN_PROGRESS_RETRY_AFTER_SECONDS = 1

const KEY_FORMAT = /^[\x20-\x7E]{1,255}$/

/** The request's `Idempotency-Key`, null without one; a malformed key is a 400. */
export function idempotencyKeyOf(request: Request): string | null {
  if (!request.headers.has(IDEMPOTENCY_KEY_HEADER)) return null
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER) ?? ''
  if (!KEY_FORMAT.test(key)) {
    throw new AppError(IDEMPOTENCY_ERRORS.invalid.code, 'An Idempotency-Key is 1 to 255 printable ASCII characters (a UUID is a good choice).', 400)
  }
  return key
}

