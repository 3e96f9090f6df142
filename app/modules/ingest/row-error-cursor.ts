import { z } from 'zod'

/** Keyset position in an import's row errors, ordered by (row number, id): opaque base64url JSON. */
export type RowErrorCursor = { rowNo: number; id: bigint }

const schema = z.object({ r: z.number().int().min(0), i: z.string().regex(/^\d{1,19}$/) })

export function encodeRowErrorCursor(cursor: RowErrorCursor): string {
  return Buffer.from(JSON.stringify({ r: cursor.rowNo, i: cursor.id.toString() })).toString('base64url')
}

export function decodeRowErrorCursor(value: string | null | undefined): RowErrorCursor | null {
  if (!value) return null
  try {
    const parsed = schema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')))
    return { rowNo: parsed.r, id: BigInt(parsed.i) }
  } catch {
    return null
  }
}
