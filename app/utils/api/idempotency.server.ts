import { randomUUID } from 'node:crypto'
import { prisma } from '../db.server'
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS } from './idempotency-key'

/**
 * `Idempotency-Key` for POSTs to /api/v1 (docs/decisions/020): the first
 * request with a key claims it; its response is stored and replayed to every
 * retry with the same key and the same request for 24 hours. Keys belong to
 * one API key. The claim is one INSERT … ON CONFLICT, so of two simultaneous
 * requests exactly one runs; the other finds the key in progress (409).
 */

/** A finished request's answer, as it is replayed. */
export type StoredResponse = { status: number; headers: Record<string, string>; body: string | null }

export type IdempotencyClaim =
  | { outcome: 'claimed'; id: string; lockToken: string }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' }

type Row = {
  id: string
  lock_token: string
  operation_id: string
  request_hash: string
  response_status: number | null
  response_headers: Record<string, string> | null
  response_body: string | null
}

/**
 * Claims `key` for this request, or says what became of it: replay the
 * stored answer (same request), `mismatch` (another request used it),
 * `in_progress` (the first is still running). An expired key, and an
 * abandoned claim of the same request, are taken over.
 */
export async function claimIdempotencyKey(options: {
  apiKeyId: string
  key: string
  operationId: string
  requestHash: string
  now?: Date
}): Promise<IdempotencyClaim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const now = options.now ?? new Date()
    const lockToken = randomUUID()
    const lockedUntil = new Date(now.getTime() + IDEMPOTENCY_LEASE_MS)
    const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS)
    const claimed = await prisma.$queryRaw<{ id: string }[]>`
      INSERT INTO idempotency_keys (id, api_key_id, key, operation_id, request_hash, lock_token, locked_until, created_at, expires_at)
      VALUES (${randomUUID()}::uuid, ${options.apiKeyId}::uuid, ${options.key}, ${options.operationId}, ${options.requestHash},
              ${lockToken}::uuid, ${lockedUntil}, ${now}, ${expiresAt})
      ON CONFLICT (api_key_id, key) DO UPDATE SET
        operation_id = EXCLUDED.operation_id, request_hash = EXCLUDED.request_hash, lock_token = EXCLUDED.lock_token,
        locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
        response_status = NULL, response_headers = NULL, response_body = NULL, completed_at = NULL
      WHERE idempotency_keys.expires_at <= ${now}
         OR (idempotency_keys.response_status IS NULL AND idempotency_keys.locked_until <= ${now}
             AND idempotency_keys.operation_id = EXCLUDED.operation_id AND idempotency_keys.request_hash = EXCLUDED.request_hash)
      RETURNING id::text`
    if (claimed[0]) return { outcome: 'claimed', id: claimed[0].id, lockToken }

    const rows = await prisma.$queryRaw<Row[]>`
      SELECT id::text, lock_token::text, operation_id, request_hash, response_status, response_headers, response_body
        FROM idempotency_keys WHERE api_key_id = ${options.apiKeyId}::uuid AND key = ${options.key}`
    const row = rows[0]
    // Deleted between the two statements (expired and swept): claim it afresh.
    if (!row) continue
    if (row.operation_id !== options.operationId || row.request_hash !== options.requestHash) return { outcome: 'mismatch' }
    if (row.response_status === null) return { outcome: 'in_progress' }
    return { outcome: 'replay', response: { status: row.response_status, headers: row.response_headers ?? {}, body: row.response_body } }
  }
  throw new Error('An idempotency key kept vanishing while it was claimed.')
}

/** Stores the answer of the request holding the claim; a holder whose lease was taken over stores nothing. */
export async function completeIdempotencyKey(options: { id: string; lockToken: string; response: StoredResponse; now?: Date }): Promise<boolean> {
  const stored = await prisma.$executeRaw`
    UPDATE idempotency_keys
       SET response_status = ${options.response.status}, response_headers = ${JSON.stringify(options.response.headers)}::jsonb,
           response_body = ${options.response.body}, completed_at = ${options.now ?? new Date()}
     WHERE id = ${options.id}::uuid AND lock_token = ${options.lockToken}::uuid`
  return stored === 1
}

/** Gives the key back (input refused, or a fault on our side): a retry with it runs afresh. */
export async function releaseIdempotencyKey(options: { id: string; lockToken: string }): Promise<void> {
  await prisma.$executeRaw`DELETE FROM idempotency_keys WHERE id = ${options.id}::uuid AND lock_token = ${options.lockToken}::uuid`
}

/**
 * Whether an answer is kept for replay. Validation failures (400, 422) are
 * not, so the caller can fix the request and retry with the same key; nor
 * are our own faults (5xx). A finished request's other answers (a 404 of a
 * record, a 409 conflict) are.
 */
export function isReplayable(status: number): boolean {
  return status < 400 || (status < 500 && status !== 400 && status !== 422)
}
