import { prisma } from '~/utils/db.server'
import { toPushView } from './request-gohighlevel-push.server'

/** The organization's latest pushes (of one lead, when given), newest first, with the lead's name. */
export async function listGoHighLevelPushes(options: { organizationId: string; leadId?: string; limit?: number }) {
  const rows = await prisma.goHighLevelPush.findMany({
    where: { organizationId: options.organizationId, ...(options.leadId ? { leadId: options.leadId } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: Math.min(options.limit ?? 50, 200),
    include: { lead: { select: { identity: { select: { fullName: true } } } } },
  })
  return rows.map((row) => ({ ...toPushView(row), leadName: row.lead.identity.fullName }))
}
