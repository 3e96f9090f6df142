import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { chooseParser } from './choose-parser'
import { landedCells } from './landed-row'
import { findParser } from './parsers/registry'
import { resolveRecord } from './resolve/resolve-record'

export const PREVIEW_ROWS = 20

export type PreviewRow = {
  rowNo: number
  name: string | null
  phones: string[]
  emails: string[]
  property: string | null
  mailing: string | null
  problems: string[]
}

/**
 * The first 20 landed rows of an import as a column map (or a named
 * parser) would extract them: the parser itself, then RESOLVE, exactly as
 * the pipeline runs them, so what the preview shows is what re-extraction
 * will merge. Invalid maps throw the same 422 `invalid_column_map` as
 * re-extraction; nothing is written.
 */
export async function previewColumnMap(options: {
  organizationId: string
  importFileId: string
  columnMap?: unknown
  parser?: { key: string; version?: number | null } | null
}): Promise<PreviewRow[]> {
  const file = await prisma.importFile.findFirst({
    where: { id: options.importFileId, organizationId: options.organizationId },
    select: { id: true, header: true, class: true },
  })
  if (!file) throw new AppError('import_not_found', 'No such import', 404)
  if (!file.header) throw new AppError('import_not_landed', 'The file has not been read yet; the preview needs its header', 409)
  const header = file.header as string[]
  const choice = chooseParser({ header, parserKey: options.parser?.key ?? null, parserVersion: options.parser?.version ?? null, columnMap: options.columnMap })
  const parser = findParser(choice.key, choice.version)!
  const rows = await prisma.$queryRaw<{ row_no: number; payload: unknown; error: string | null }[]>`
    SELECT row_no, payload, error FROM file_rows WHERE import_file_id = ${file.id}::uuid ORDER BY row_no LIMIT ${PREVIEW_ROWS}`
  return rows.map((row) => {
    const resolved = resolveRecord(parser.parse(landedCells({ payload: row.payload, error: row.error }), header, choice.columnMap), {
      needsPerson: file.class === 'universe',
    })
    const address = (a: typeof resolved.property) => (a ? `${a.line1}, ${a.city}, ${a.state} ${a.zip5}` : null)
    return {
      rowNo: row.row_no,
      name: resolved.persons[0]?.name.full ?? null,
      phones: resolved.contacts.filter((c) => c.kind === 'phone').map((c) => c.value),
      emails: resolved.contacts.filter((c) => c.kind === 'email').map((c) => c.value),
      property: address(resolved.property),
      mailing: address(resolved.mailing),
      problems: resolved.errors.map((e) => `${e.kind}${e.column ? ` (${e.column})` : ''}: ${e.message}`),
    }
  })
}
