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

/**
 * Where-clause and order for one keyset page: `after` continues to older
 * rows, `before` goes back to newer ones (read ascending, then reversed).
 */
export function keysetWindow(cursors: { after?: string | null; before?: string | null }) {
  const after = decodeCursor(cursors.after)
  const before = after ? null : decodeCursor(cursors.before)
  const boundary = after ?? before
  const op = after ? 'lt' : 'gt'
  const where = boundary
    ? { OR: [{ createdAt: { [op]: boundary.createdAt } }, { createdAt: boundary.createdAt, id: { [op]: boundary.id } }] }
    : undefined
  const direction: 'asc' | 'desc' = before ? 'asc' : 'desc'
  return { after, before, where, direction, orderBy: [{ createdAt: direction }, { id: direction }] }
}

/**
 * Turns the `pageSize + 1` rows of a keyset query into the page and its
 * cursors. Coming back from older pages, there are always older ones to
 * return to.
 */
export function keysetPage<T>(
  rows: T[],
  options: { pageSize: number; after: unknown; before: unknown; encode: (row: T) => string },
): { items: T[]; nextCursor: string | null; prevCursor: string | null } {
  const hasMore = rows.length > options.pageSize
  const items = rows.slice(0, options.pageSize)
  if (options.before) items.reverse()
  const first = items[0]
  const last = items[items.length - 1]
  const moreNewer = options.before ? hasMore : Boolean(options.after)
  const moreOlder = options.before ? true : hasMore
  return {
    items,
    nextCursor: moreOlder && last !== undefined ? options.encode(last) : null,
    prevCursor: moreNewer && first !== undefined ? options.encode(first) : null,
  }
}
