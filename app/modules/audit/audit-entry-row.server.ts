import type { Prisma } from '~/utils/db.server'

export const auditEntrySelect = {
  id: true,
  createdAt: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  impersonatorId: true,
  action: true,
  targetType: true,
  targetId: true,
  requestId: true,
  ip: true,
  summary: true,
} as const satisfies Prisma.AuditLogSelect

type SelectedEntry = Prisma.AuditLogGetPayload<{ select: typeof auditEntrySelect }>

export type AuditEntryRow = {
  id: string
  createdAt: string
  actor: { type: SelectedEntry['actorType']; id: string | null; label: string; impersonatorId: string | null }
  action: string
  target: { type: string; id: string | null } | null
  requestId: string | null
  ip: string | null
  summary: Prisma.JsonValue
}

/** An audit row as pages and exports show it (ISO time, bigint id as text). */
export function toAuditEntryRow(entry: SelectedEntry): AuditEntryRow {
  return {
    id: entry.id.toString(),
    createdAt: entry.createdAt.toISOString(),
    actor: { type: entry.actorType, id: entry.actorId, label: entry.actorLabel, impersonatorId: entry.impersonatorId },
    action: entry.action,
    target: entry.targetType ? { type: entry.targetType, id: entry.targetId } : null,
    requestId: entry.requestId,
    ip: entry.ip,
    summary: entry.summary,
  }
}
