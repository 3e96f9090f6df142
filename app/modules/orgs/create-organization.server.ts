import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import type { Prisma } from '~/utils/db.server'

/**
 * Platform only (super admins): a new tenant. Its first admin is then invited
 * into it, in the same transaction (`db`): see createOrganizationWithAdmin.
 */
export async function createOrganization(options: {
  actor: Actor
  name: string
  slug: string
  environment: 'prod' | 'sandbox' | 'test'
  db?: Prisma.TransactionClient
}) {
  const audit = { actor: options.actor, action: 'organization.created' }
  const create = async (tx: Prisma.TransactionClient) => {
    if (await tx.organization.findUnique({ where: { slug: options.slug }, select: { id: true } })) {
      throw new AppError('slug_taken', 'Another organization already uses this short name.', 409, { field: 'slug' })
    }
    const organization = await tx.organization.create({
      data: { name: options.name, slug: options.slug, environment: options.environment },
    })
    return {
      result: organization,
      target: { type: 'organization', id: organization.id },
      // The new organization's own log starts with its creation.
      organizationId: organization.id,
      summary: { after: { name: organization.name, slug: organization.slug, environment: organization.environment } },
    }
  }
  return withAudit(audit, create, { db: options.db })
}
