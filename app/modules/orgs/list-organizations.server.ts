import { prisma } from '~/utils/db.server'

/** Every organization on the platform (super admins only). */
export async function listOrganizations() {
  const rows = await prisma.organization.findMany({
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      name: true,
      slug: true,
      environment: true,
      createdAt: true,
      _count: { select: { users: { where: { status: 'active' } }, leads: true } },
    },
  })
  return rows.map(({ _count, ...o }) => ({ ...o, createdAt: o.createdAt.toISOString(), users: _count.users, leads: _count.leads }))
}
