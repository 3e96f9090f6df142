import { prisma, type Prisma } from '~/utils/db.server'

export type AuditSeed = {
  createdAt?: Date
  actorType?: 'user' | 'api_key' | 'system'
  actorId?: string | null
  actorLabel?: string
  action?: string
  targetType?: string | null
  targetId?: string | null
  requestId?: string | null
  ip?: string | null
  summary?: Record<string, unknown>
}

/** Inserts audit rows as they are (timestamps included), bypassing recordAudit, for read-side tests. */
export async function insertAuditEntries(organizationId: string | null, entries: AuditSeed[]) {
  await prisma.auditLog.createMany({
    data: entries.map((entry) => ({
      organizationId,
      actorType: entry.actorType ?? 'system',
      actorId: entry.actorId ?? null,
      actorLabel: entry.actorLabel ?? 'test',
      action: entry.action ?? 'test.happened',
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      requestId: entry.requestId ?? null,
      ip: entry.ip ?? null,
      summary: (entry.summary ?? {}) as Prisma.InputJsonValue,
      ...(entry.createdAt ? { createdAt: entry.createdAt } : {}),
    })),
  })
}
