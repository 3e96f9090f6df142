import { prisma } from '~/utils/db.server'

/** The organization's active users by name: whom a conversation can be assigned to. */
export async function listActiveUsers({ organizationId }: { organizationId: string }) {
  return prisma.user.findMany({ where: { organizationId, status: 'active' }, orderBy: [{ name: 'asc' }, { id: 'asc' }], select: { id: true, name: true } })
}
