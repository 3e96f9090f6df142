import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

/**
 * Creates a user without an invitation, for bootstrapping from the command
 * line (the first super admin of an installation). The organization is
 * created when its slug is new. The user signs in with a one-time link and
 * then registers a passkey.
 */
export async function createUserDirectly(options: {
  actor: Actor
  email: string
  name: string
  role: 'super_admin' | 'admin' | 'operator'
  organization: { slug: string; name: string; environment: 'prod' | 'sandbox' | 'test' }
}) {
  const email = options.email.trim().toLowerCase()
  return withAudit({ actor: options.actor, action: 'user.created' }, async (tx) => {
    if (await tx.user.findUnique({ where: { email }, select: { id: true } })) {
      throw new AppError('email_taken', `${email} already has an account.`, 409)
    }
    const organization =
      (await tx.organization.findUnique({ where: { slug: options.organization.slug } })) ??
      (await tx.organization.create({ data: options.organization }))
    const user = await tx.user.create({ data: { organizationId: organization.id, email, name: options.name, role: options.role } })
    return {
      result: { user, organization },
      target: { type: 'user', id: user.id },
      organizationId: organization.id,
      summary: { after: { email, name: user.name, role: user.role, organization: organization.slug } },
    }
  })
}
