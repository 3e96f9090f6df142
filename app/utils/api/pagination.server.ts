import { z } from 'zod'
import 'zod-openapi'
import { decodeCursor, encodeCursor, keysetPage, keysetWindow, type Cursor } from '../pagination.server'

/**
 * The one pagination convention of `/api/v1` lists, on the keyset cursors
 * of app/utils/pagination.server.ts (newest first, stable while rows are
 * added, as fast deep in the list as at its start):
 *
 *   GET /api/v1/things?limit=50&cursor=…  →  { "data": [...], "nextCursor": "…" | null }
 *
 * `nextCursor` is opaque; pass it back as `cursor` for the next page, until
 * it is null. `limit` is 1–200 (default 50). A cursor we did not make is a
 * 400 `invalid_query`, not a silent restart from the first page.
 */

export const API_PAGE_LIMIT_DEFAULT = 50
export const API_PAGE_LIMIT_MAX = 200

const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(API_PAGE_LIMIT_MAX)
  .default(API_PAGE_LIMIT_DEFAULT)
  .meta({
    description: `How many items to return: 1–${API_PAGE_LIMIT_MAX} (default ${API_PAGE_LIMIT_DEFAULT}).`,
    param: { id: 'Limit' },
    example: 50,
  })

const cursor = z
  .string()
  .max(512)
  .refine((value) => decodeCursor(value) !== null, { message: 'This cursor is not one we gave out: pass a nextCursor back unchanged.' })
  .optional()
  .meta({
    description: 'Where to continue: the `nextCursor` of the previous page. Omit it for the first page.',
    param: { id: 'Cursor' },
  })

/** The query of a list operation; extend it with the list's own filters. */
export const pageQuery = z.object({ limit, cursor })

export type PageQuery = z.output<typeof pageQuery>

export const nextCursorSchema = z
  .string()
  .nullable()
  .meta({
    id: 'NextCursor',
    description: 'Pass it as `cursor` to get the next page; null on the last page.',
    example: 'eyJ0IjoiMjAyNi0xMS0yOVQxMjowMDowMC4wMDBaIiwiaWQiOiIwYjdjMmYwZS0zYzFmLTRmNTctOWQwZS02YTVhMGYzYTFlNDIifQ',
  })

/** The body of one page of `item`s, registered as the component `id` (e.g. `ImportPage`). */
export function pageSchema<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      data: z.array(item).meta({ description: 'This page, newest first.' }),
      nextCursor: nextCursorSchema,
    })
    .meta({ id, description: 'One page of a list; see "Pagination" in the guide.' })
}

/**
 * The where-clause, order and row count a module's Prisma query uses for the
 * page `query` asks for (one row more than the page, to know whether another follows).
 */
export function pageWindow(query: PageQuery) {
  const window = keysetWindow({ after: query.cursor ?? null })
  return { where: window.where, orderBy: window.orderBy, take: query.limit + 1 }
}

/** The `take` rows of `pageWindow` as the page a list operation answers. */
export function toApiPage<Row extends Cursor, Item>(rows: Row[], query: PageQuery, toItem: (row: Row) => Item): { data: Item[]; nextCursor: string | null } {
  const page = keysetPage(rows, { pageSize: query.limit, after: query.cursor ?? null, before: null, encode: encodeCursor })
  return { data: page.items.map(toItem), nextCursor: page.nextCursor }
}
