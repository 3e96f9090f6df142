import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { landedCells } from './landed-row'
import { rawRowCells, type RawCell } from './raw-row-cells'
import { decodeRowErrorCursor, encodeRowErrorCursor } from './row-error-cursor'

export type ImportRowErrorItem = {
  id: string
  rowNo: number
  /** The header name of the cell, or null for a problem with the whole row. */
  column: string | null
  kind: string
  value: string | null
  message: string
  /** The source row verbatim, header → value (null if the row is not landed). */
  raw: RawCell[] | null
}

/**
 * One keyset page of the row errors of an import's latest extraction, in
 * file order (row number, then id), each with its raw row. Reads `limit + 1`
 * errors on the (import_file_id, extraction_id, row_no) index and the page's
 * rows by primary key; never counts. Another organization's import is 404.
 */
export async function listImportRowErrorsWithCells(options: {
  organizationId: string
  importFileId: string
  limit: number
  cursor?: string | null
}): Promise<{ items: ImportRowErrorItem[]; nextCursor: string | null }> {
  const file = await prisma.importFile.findFirst({
    where: { id: options.importFileId, organizationId: options.organizationId },
    select: { id: true, header: true, extractions: { orderBy: { number: 'desc' }, take: 1, select: { id: true } } },
  })
  if (!file) throw new AppError('import_not_found', 'No such import', 404)
  const extraction = file.extractions[0]
  if (!extraction) return { items: [], nextCursor: null }
  const after = decodeRowErrorCursor(options.cursor)
  const errors = await prisma.importRowError.findMany({
    where: {
      importFileId: file.id,
      extractionId: extraction.id,
      ...(after ? { OR: [{ rowNo: { gt: after.rowNo } }, { rowNo: after.rowNo, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ rowNo: 'asc' }, { id: 'asc' }],
    take: options.limit + 1,
  })
  const page = errors.slice(0, options.limit)
  const rowNos = [...new Set(page.map((e) => e.rowNo))]
  const rows = rowNos.length
    ? await prisma.$queryRaw<{ row_no: number; payload: unknown; error: string | null }[]>`
        SELECT row_no, payload, error FROM file_rows WHERE import_file_id = ${file.id}::uuid AND row_no IN (${Prisma.join(rowNos)})`
    : []
  const header = (file.header as string[] | null) ?? []
  const raw = new Map(rows.map((row) => [row.row_no, rawRowCells(header, landedCells({ payload: row.payload, error: row.error }))]))
  const last = page[page.length - 1]
  return {
    items: page.map((e) => ({
      id: e.id.toString(),
      rowNo: e.rowNo,
      column: e.sourceColumn,
      kind: e.kind,
      value: e.value,
      message: e.message,
      raw: raw.get(e.rowNo) ?? null,
    })),
    nextCursor: errors.length > options.limit && last ? encodeRowErrorCursor({ rowNo: last.rowNo, id: last.id }) : null,
  }
}
