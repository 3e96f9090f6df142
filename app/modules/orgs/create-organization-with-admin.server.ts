import type { UserActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { createOrganization } from './create-organization.server'
import { inviteUser } from './invite-user.server'

/**
 * Platform only: a new organization and the invitation of its first admin,
 * in one transaction. An invitation that cannot be made (the address already
 * has an account, say) leaves no organization behind, so the same form can
 * be sent again with another address.
 */
export async function createOrganizationWithAdmin(options: {
  actor: UserActor
  name: string
  slug: string
  environment: 'prod' | 'sandbox' | 'test'
  adminEmail: string
  baseUrl: string
  inviterName: string
}) {
  const { actor, name, slug, environment } = options
  return prisma.$transaction(async (tx) => {
    const organization = await createOrganization({ actor, name, slug, environment, db: tx })
    const invitation = await inviteUser({
      // The invitation is made, and logged, inside the new organization.
      actor: { ...actor, organizationId: organization.id },
      organizationId: organization.id,
      email: options.adminEmail,
      role: 'admin',
      baseUrl: options.baseUrl,
      inviterName: options.inviterName,
      db: tx,
      revealAccountsElsewhere: true,
    })
    return { organization, invitation }
  })
}
