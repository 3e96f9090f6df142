import type { Prisma } from '~/utils/db.server'
import type { AuditCursor } from './audit-cursor.server'
import type { AuditFilters } from './audit-filters'

const DAY_MS = 24 * 60 * 60 * 1000

// Prisma passes `contains`/`startsWith` to LIKE as is: `_` and `%` would be wildcards.
const literal = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`)

function actionCondition(action: string): Prisma.AuditLogWhereInput {
  if (action.endsWith('*')) return { action: { startsWith: literal(action.slice(0, -1)) } }
  if (action.endsWith('.')) return { action: { startsWith: literal(action) } }
  return { action }
}

/**
 * The `where` of one organization's audit entries matching `filters`,
 * optionally only those older (`after`) or newer (`before`) than a cursor.
 * The organization is always part of it: another organization's entries
 * simply do not exist for the caller.
 */
export function auditLogWhere(options: {
  organizationId: string
  filters: AuditFilters
  after?: AuditCursor | null
  before?: AuditCursor | null
}): Prisma.AuditLogWhereInput {
  const { filters, after, before } = options
  const and: Prisma.AuditLogWhereInput[] = [{ organizationId: options.organizationId }]
  if (filters.action) and.push(actionCondition(filters.action))
  if (filters.actorType) and.push({ actorType: filters.actorType })
  if (filters.actor) {
    and.push({ OR: [{ actorId: filters.actor }, { actorLabel: { contains: literal(filters.actor), mode: 'insensitive' } }] })
  }
  if (filters.targetType) and.push({ targetType: filters.targetType })
  if (filters.targetId) and.push({ targetId: filters.targetId })
  if (filters.from) and.push({ createdAt: { gte: new Date(`${filters.from}T00:00:00.000Z`) } })
  if (filters.to) and.push({ createdAt: { lt: new Date(new Date(`${filters.to}T00:00:00.000Z`).getTime() + DAY_MS) } })
  if (filters.q) {
    const contains = { contains: literal(filters.q), mode: 'insensitive' } as const
    and.push({ OR: [{ action: contains }, { actorLabel: contains }, { targetId: contains }] })
  }
  // The plain bound (lte/gte) lets Postgres start the index scan at the
  // cursor instead of filtering every newer row on the way there.
  if (after) {
    and.push({ createdAt: { lte: after.createdAt }, OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }] })
  } else if (before) {
    and.push({ createdAt: { gte: before.createdAt }, OR: [{ createdAt: { gt: before.createdAt } }, { id: { gt: before.id } }] })
  }
  return { AND: and }
}
