import { z } from 'zod'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { headerDisplayNames } from './header-display-names'
import { landedCells } from './landed-row'

/** One problem with one row of the file, with the row as it was in the file. */
export type ImportRowErrorView = {
  rowNo: number
  /** invalid_phone, invalid_email, missing_name, no_contact, unmatched, … */
  code: string
  message: string
  /** The header name of the cell, or null for a problem with the whole row. */
  sourceColumn: string | null
  value: string | null
  /** The row's cells by column name (blank and repeated header names made distinct, as the import page shows them). */
  row: Record<string, string> | null
}

// Errors are read in file order: (row_no, id), so the cursor is that pair.
const cursorSchema = z.object({ r: z.int().min(0), i: z.string().regex(/^\d+$/) })

function encodeRowCursor(error: { rowNo: number; id: bigint }): string {
  return Buffer.from(JSON.stringify({ r: error.rowNo, i: error.id.toString() })).toString('base64url')
}

export function decodeRowErrorCursor(value: string): { rowNo: number; id: bigint } | null {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')))
    return { rowNo: parsed.r, id: BigInt(parsed.i) }
  } catch {
    return null
  }
}

/**
 * One page of the row errors of an import's latest extraction, in file
 * order, each with its raw row (header → value). Keyset on (row_no, id);
 * another organization's import, or none, is a 404.
 */
export async function listImportRowErrors({
  organizationId,
  importFileId,
  limit,
  cursor,
}: {
  organizationId: string
  importFileId: string
  limit: number
  cursor?: string | null
}): Promise<{ data: ImportRowErrorView[]; nextCursor: string | null }> {
  const after = cursor ? decodeRowErrorCursor(cursor) : null
  if (cursor && !after) throw new AppError('invalid_cursor', 'This cursor is not one we gave out: pass a nextCursor back unchanged.', 400)
  const importFile = await prisma.importFile.findFirst({ where: { id: importFileId, organizationId }, select: { id: true, header: true } })
  if (!importFile) throw new AppError('import_not_found', 'There is no such import in this organization.', 404)
  const extraction = await prisma.importExtraction.findFirst({ where: { importFileId }, orderBy: { number: 'desc' }, select: { id: true } })
  if (!extraction) return { data: [], nextCursor: null }

  const errors = await prisma.importRowError.findMany({
    where: {
      importFileId,
      extractionId: extraction.id,
      ...(after ? { OR: [{ rowNo: { gt: after.rowNo } }, { rowNo: after.rowNo, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ rowNo: 'asc' }, { id: 'asc' }],
    take: limit + 1,
  })
  const page = errors.slice(0, limit)
  const rowNos = [...new Set(page.map((error) => error.rowNo))]
  const rows = rowNos.length
    ? await prisma.fileRow.findMany({ where: { importFileId, rowNo: { in: rowNos } }, select: { rowNo: true, payload: true, error: true } })
    : []
  const names = headerDisplayNames(Array.isArray(importFile.header) ? (importFile.header as string[]) : [])
  const cellsByRow = new Map(
    rows.map((row) => {
      const cells = landedCells(row)
      // A ragged row's extra cells get the names a longer header would give them.
      const keys = cells.length > names.length ? headerDisplayNames([...names, ...cells.slice(names.length).map(() => '')]) : names
      return [row.rowNo, Object.fromEntries(cells.map((cell, index) => [keys[index]!, cell]))]
    }),
  )
  return {
    data: page.map((error) => ({
      rowNo: error.rowNo,
      code: error.kind,
      message: error.message,
      sourceColumn: error.sourceColumn,
      value: error.value,
      row: cellsByRow.get(error.rowNo) ?? null,
    })),
    nextCursor: errors.length > limit ? encodeRowCursor(page[page.length - 1]!) : null,
  }
}
