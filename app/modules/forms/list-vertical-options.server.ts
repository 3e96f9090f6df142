import { prisma } from '~/utils/db.server'

/** The organization's verticals for a form's choice of the leads' vertical, by name. */
export async function listVerticalOptions(options: { organizationId: string }): Promise<{ id: string; name: string }[]> {
  return prisma.vertical.findMany({ where: { organizationId: options.organizationId }, select: { id: true, name: true }, orderBy: { name: 'asc' } })
}
