import type { ImportClass, ImportStage, ImportStatus } from '~/generated/prisma/client.ts'
import { prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor } from '~/utils/pagination.server'
import { importCreators } from './import-creators.server'
import { importErrorTotal } from './import-error-total'

export type ImportListItem = {
  id: string
  filename: string
  class: ImportClass
  status: ImportStatus
  stage: ImportStage
  /** Rows in the file once LAND has reached its end, else null. */
  rowCount: number | null
  /** Row errors of the last completed extraction (RECORD's counts); 0 until then. */
  errors: number
  createdAt: Date
  createdBy: string | null
}

/**
 * One keyset page of the organization's imports, newest first: the
 * (organization_id, created_at DESC, id DESC) index, `limit + 1` rows, no
 * count. `cursor` is the `nextCursor` of the page before; an unreadable one
 * starts from the newest.
 */
export async function listImportsPage(options: {
  organizationId: string
  limit: number
  cursor?: string | null
}): Promise<{ items: ImportListItem[]; nextCursor: string | null }> {
  const after = decodeCursor(options.cursor)
  const rows = await prisma.importFile.findMany({
    where: {
      organizationId: options.organizationId,
      // The API's lead writes are rows of an import of their own (docs/decisions/050), not a file someone imported.
      storage: { not: 'api' },
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: options.limit + 1,
    select: {
      id: true, filename: true, class: true, status: true, stage: true, rowCount: true, counts: true, createdAt: true,
      createdByUserId: true, createdByApiKeyId: true,
    },
  })
  const page = rows.slice(0, options.limit)
  const creator = await importCreators(page)
  const last = page[page.length - 1]
  return {
    items: page.map((row) => ({
      id: row.id,
      filename: row.filename,
      class: row.class,
      status: row.status,
      stage: row.stage,
      rowCount: row.rowCount,
      errors: importErrorTotal(row.counts),
      createdAt: row.createdAt,
      createdBy: creator(row),
    })),
    nextCursor: rows.length > options.limit && last ? encodeCursor(last) : null,
  }
}
