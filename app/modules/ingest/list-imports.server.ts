import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor, keysetPage, keysetWindow } from '~/utils/pagination.server'
import { importSummary, importSummarySelect, type ImportSummary } from './import-summary.server'

/**
 * One page of the organization's imports, newest first, on the keyset
 * (created_at, id) (its index makes page 1,000 as cheap as page 1; nothing
 * counts the whole list). Pass `nextCursor` back as `cursor` until it is null.
 */
export async function listImports({ organizationId, limit, cursor }: { organizationId: string; limit: number; cursor?: string | null }): Promise<{
  data: ImportSummary[]
  nextCursor: string | null
}> {
  if (cursor && !decodeCursor(cursor)) throw new AppError('invalid_cursor', 'This cursor is not one we gave out: pass a nextCursor back unchanged.', 400)
  const window = keysetWindow({ after: cursor ?? null })
  const rows = await prisma.importFile.findMany({
    where: { organizationId, storage: { not: 'api' }, ...window.where },
    orderBy: window.orderBy,
    take: limit + 1,
    include: importSummarySelect,
  })
  const page = keysetPage(rows, { pageSize: limit, after: window.after, before: null, encode: encodeCursor })
  return { data: page.items.map((row) => importSummary(row)), nextCursor: page.nextCursor }
}
