import { csvRow } from '~/utils/csv'
import { prisma } from '~/utils/db.server'
import type { Actor } from './actor'
import type { AuditCursor } from './audit-cursor.server'
import { auditEntrySelect, toAuditEntryRow, type AuditEntryRow } from './audit-entry-row.server'
import { parseAuditFilters, type AuditFilters } from './audit-filters'
import { auditLogWhere } from './audit-log-where.server'
import { recordAudit } from './record-audit.server'

export const AUDIT_CSV_COLUMNS = [
  'created_at',
  'actor_type',
  'actor_id',
  'actor_label',
  'impersonator_id',
  'action',
  'target_type',
  'target_id',
  'request_id',
  'ip',
  'summary',
] as const

function csvLine(row: AuditEntryRow) {
  return csvRow([
    row.createdAt,
    row.actor.type,
    row.actor.id,
    row.actor.label,
    row.actor.impersonatorId,
    row.action,
    row.target?.type,
    row.target?.id,
    row.requestId,
    row.ip,
    JSON.stringify(row.summary),
  ])
}

/**
 * An organization's audit entries matching `filters` as CSV, newest first.
 * The export is itself audited (`audit.exported`, with the filters) before
 * the first byte. Rows are read in keyset batches only as fast as the client
 * takes them, so memory stays flat however large the log is.
 */
export async function exportAuditCsv(options: {
  organizationId: string
  actor: Actor
  filters?: AuditFilters
  batchSize?: number
}): Promise<ReadableStream<Uint8Array>> {
  const filters = parseAuditFilters(options.filters)
  const batchSize = options.batchSize ?? 1000
  const { organizationId } = options
  await recordAudit(prisma, {
    actor: options.actor,
    organizationId,
    action: 'audit.exported',
    summary: { filters: Object.fromEntries(Object.entries(filters).filter(([, value]) => value)) },
  })

  const encoder = new TextEncoder()
  let headerSent = false
  let cursor: AuditCursor | null = null
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true
          controller.enqueue(encoder.encode(csvRow(AUDIT_CSV_COLUMNS)))
          return
        }
        const batch = await prisma.auditLog.findMany({
          where: auditLogWhere({ organizationId, filters, after: cursor }),
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: batchSize,
          select: auditEntrySelect,
        })
        const last = batch[batch.length - 1]
        if (last) controller.enqueue(encoder.encode(batch.map((entry) => csvLine(toAuditEntryRow(entry))).join('')))
        if (!last || batch.length < batchSize) controller.close()
        else cursor = { createdAt: last.createdAt, id: last.id }
      },
    },
    { highWaterMark: 1 },
  )
}
