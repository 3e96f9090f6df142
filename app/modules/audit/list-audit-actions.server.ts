import { prisma } from '~/utils/db.server'

/**
 * The distinct actions in an organization's audit log, for the filter's
 * suggestions. A recursive skip scan over the (organization_id, action)
 * index: one index probe per distinct action, however many rows there are.
 */
export async function listAuditActions(options: { organizationId: string; limit?: number }): Promise<string[]> {
  const limit = options.limit ?? 500
  const rows = await prisma.$queryRaw<{ action: string }[]>`
    WITH RECURSIVE actions(action) AS (
      (SELECT action FROM audit_log WHERE organization_id = ${options.organizationId}::uuid ORDER BY action LIMIT 1)
      UNION ALL
      SELECT (
        SELECT a.action FROM audit_log a
         WHERE a.organization_id = ${options.organizationId}::uuid AND a.action > actions.action
         ORDER BY a.action LIMIT 1
      )
      FROM actions WHERE actions.action IS NOT NULL
    )
    SELECT action FROM actions WHERE action IS NOT NULL LIMIT ${limit}`
  return rows.map((row) => row.action)
}
