import { csvRow } from '~/utils/csv'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { headerDisplayNames } from './header-display-names'
import { listImportRowErrorsWithCells } from './list-import-row-errors-with-cells.server'

/**
 * The row errors of an import's latest extraction as CSV: `row_no`,
 * `reason` (kind: message), `column` and `value` of the problem, then the
 * raw row under the file's own header. Read in keyset batches only as fast
 * as the client takes them, so memory stays flat however many errors there
 * are. Checks the import belongs to the organization before the first byte.
 */
export async function exportImportRowErrorsCsv(options: {
  organizationId: string
  importFileId: string
  batchSize?: number
}): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  const file = await prisma.importFile.findFirst({
    where: { id: options.importFileId, organizationId: options.organizationId },
    select: { filename: true, header: true },
  })
  if (!file) throw new AppError('import_not_found', 'No such import', 404)
  const columns = headerDisplayNames((file.header as string[] | null) ?? [])
  const batchSize = options.batchSize ?? 1000
  const encoder = new TextEncoder()
  let headerSent = false
  let cursor: string | null = null
  let finished = false
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true
          controller.enqueue(encoder.encode(csvRow(['row_no', 'reason', 'error_column', 'error_value', ...columns])))
          return
        }
        if (finished) return controller.close()
        const page = await listImportRowErrorsWithCells({ organizationId: options.organizationId, importFileId: options.importFileId, limit: batchSize, cursor })
        const lines = page.items.map((e) => {
          const byColumn = new Map((e.raw ?? []).map((cell) => [cell.column, cell.value]))
          const extra = (e.raw ?? []).slice(columns.length).map((cell) => cell.value)
          return csvRow([e.rowNo, `${e.kind}: ${e.message}`, e.column, e.value, ...columns.map((c) => byColumn.get(c) ?? ''), ...extra])
        })
        if (lines.length) controller.enqueue(encoder.encode(lines.join('')))
        cursor = page.nextCursor
        if (!cursor) {
          finished = true
          controller.close()
        }
      },
    },
    { highWaterMark: 1 },
  )
  const base = file.filename.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '-').slice(0, 80) || 'import'
  return { filename: `${base}-errors.csv`, stream }
}
