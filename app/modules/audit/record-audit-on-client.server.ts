import type { ClientBase } from 'pg'
import { auditRowData, type AuditEntry } from './record-audit.server'

/**
 * recordAudit for a transaction held on a raw `pg` client (COPY runs on one;
 * Prisma cannot join it): the same row, in the caller's transaction.
 */
export async function recordAuditOnClient(client: ClientBase, entry: AuditEntry) {
  const row = auditRowData(entry)
  await client.query(
    `INSERT INTO audit_log (organization_id, actor_type, actor_id, actor_label, impersonator_id, action,
                            target_type, target_id, request_id, ip, summary)
     VALUES ($1, $2::"AuditActorType", $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
    [
      row.organizationId,
      row.actorType,
      row.actorId,
      row.actorLabel,
      row.impersonatorId,
      row.action,
      row.targetType,
      row.targetId,
      row.requestId,
      row.ip,
      JSON.stringify(row.summary),
    ],
  )
}
