import type { Prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'

/**
 * An organization must always keep an active admin; checked inside the
 * change's transaction. Locking the organization row serializes two admins
 * demoting each other at once, so the second sees the first's change.
 */
export async function assertAdminRemains(tx: Prisma.TransactionClient, organizationId: string) {
  await tx.$executeRaw`SELECT 1 FROM organizations WHERE id = ${organizationId}::uuid FOR UPDATE`
  const admins = await tx.user.count({ where: { organizationId, role: 'admin', status: 'active' } })
  if (admins === 0) throw new AppError('last_admin', 'The organization needs at least one active admin.', 409)
}
