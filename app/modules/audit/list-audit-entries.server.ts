import { prisma } from '~/utils/db.server'
import { keysetPage } from '~/utils/pagination.server'
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.server'
import { auditEntrySelect, toAuditEntryRow, type AuditEntryRow } from './audit-entry-row.server'
import { parseAuditFilters, type AuditFilters } from './audit-filters'
import { auditLogWhere } from './audit-log-where.server'

export type AuditEntryPage = { items: AuditEntryRow[]; nextCursor: string | null; prevCursor: string | null }

/**
 * One page of an organization's audit entries, newest first. `after`
 * continues to older entries, `before` goes back to newer ones. No total:
 * counting millions of rows on every page view is what keyset paging avoids.
 */
export async function listAuditEntries(options: {
  organizationId: string
  filters?: AuditFilters
  after?: string | null
  before?: string | null
  pageSize?: number
}): Promise<AuditEntryPage> {
  const filters = parseAuditFilters(options.filters)
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? 50), 1), 200)
  const after = decodeAuditCursor(options.after)
  const before = after ? null : decodeAuditCursor(options.before)
  const direction = before ? 'asc' : 'desc'
  const rows = await prisma.auditLog.findMany({
    where: auditLogWhere({ organizationId: options.organizationId, filters, after, before }),
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: pageSize + 1,
    select: auditEntrySelect,
  })
  const page = keysetPage(rows, { pageSize, after, before, encode: encodeAuditCursor })
  return { ...page, items: page.items.map(toAuditEntryRow) }
}
