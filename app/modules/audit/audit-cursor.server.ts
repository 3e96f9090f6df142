import { z } from 'zod'

/**
 * Keyset position in the audit log, ordered by (created_at DESC, id DESC).
 * Its own cursor because audit ids are bigints, not uuids; the id breaks ties
 * between entries written in the same millisecond.
 */
export type AuditCursor = { createdAt: Date; id: bigint }

const cursorSchema = z.object({ t: z.iso.datetime(), id: z.string().regex(/^\d{1,19}$/) })

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id.toString() })).toString('base64url')
}

/** A tampered or foreign cursor reads as none: the first page. */
export function decodeAuditCursor(value: string | null | undefined): AuditCursor | null {
  if (!value) return null
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')))
    return { createdAt: new Date(parsed.t), id: BigInt(parsed.id) }
  } catch {
    return null
  }
}
