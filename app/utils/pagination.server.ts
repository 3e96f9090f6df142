import { z } from 'zod'

/**
 * Keyset pagination over (created_at DESC, id DESC): stable while rows are
 * added and as fast on page 10,000 as on page 1, unlike OFFSET.
 */
export type Cursor = { createdAt: Date; id: string }

const cursorSchema = z.object({ t: z.iso.datetime(), id: z.uuid() })

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ t: cursor.createdAt.toISOString(), id: cursor.id })).toString('base64url')
}

export function decodeCursor(value: string | null | undefined): Cursor | null {
  if (!value) return null
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')))
    return { createdAt: new Date(parsed.t), id: parsed.id }
  } catch {
    return null
  }
}

export const pageSizeSchema = z.coerce.number().int().min(1).max(200).catch(50)

export type Page<T> = { items: T[]; nextCursor: string | null; prevCursor: string | null; total: number }
