import { prisma } from '~/utils/db.server'

export async function getOrganizationOverview({ organizationId }: { organizationId: string }) {
  const [leads, byStatus, users] = await Promise.all([
    prisma.lead.count({ where: { organizationId } }),
    prisma.lead.groupBy({ by: ['status'], where: { organizationId }, _count: { _all: true }, orderBy: { status: 'asc' } }),
    prisma.user.count({ where: { organizationId, status: 'active' } }),
  ])
  return {
    leads,
    users,
    leadsByStatus: byStatus.map((row) => ({ status: row.status, count: row._count._all })),
  }
}
