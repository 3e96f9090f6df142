import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { generateToken, hashToken } from '~/modules/auth/tokens.server'
import { EMAIL_TAG } from '~/modules/integrations/email/email-tags'
import { sendEmail } from '~/modules/integrations/email/send-email.server'
import { AppError } from '~/utils/app-error'
import type { Prisma } from '~/utils/db.server'
import { INVITATION_TTL_MS } from './invitation-token.server'

/**
 * Invites someone into the actor's organization with a role. The email
 * carries a single-use link, valid 7 days; accepting it means registering a
 * passkey. An address that already belongs to this organization, or has a
 * pending invitation here, is refused with a clear message. Pass `db` to invite within the
 * caller's transaction.
 */
export async function inviteUser(options: {
  actor: UserActor
  organizationId: string
  email: string
  role: 'admin' | 'operator'
  baseUrl: string
  inviterName: string
  db?: Prisma.TransactionClient
  /** Say so when the address has an account in another organization (platform use only). */
  revealAccountsElsewhere?: boolean
}) {
  const email = options.email.trim().toLowerCase()
  const token = generateToken()
  const audit = { actor: options.actor, action: 'user.invited' }
  const invite = async (tx: Prisma.TransactionClient) => {
    const existing = await tx.user.findUnique({ where: { email }, select: { organizationId: true } })
    // An account in another organization is not this admin's business: the
    // invitation goes out as usual (accepting it is refused, with "sign in
    // instead"), so the answer never confirms that someone exists elsewhere.
    // Platform admins see every organization and get the plain answer.
    if (existing && (existing.organizationId === options.organizationId || options.revealAccountsElsewhere)) {
      throw new AppError('email_taken', 'This address already has an esd.quest account.', 409, { field: 'email' })
    }
    const pending = await tx.invitation.findFirst({
      where: { organizationId: options.organizationId, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    })
    if (pending) throw new AppError('already_invited', 'This address already has a pending invitation. Withdraw it to send a new one.', 409, { field: 'email' })
    const organization = await tx.organization.findUniqueOrThrow({ where: { id: options.organizationId }, select: { name: true } })
    const invitation = await tx.invitation.create({
      data: {
        organizationId: options.organizationId,
        email,
        role: options.role,
        tokenHash: hashToken(token),
        invitedById: options.actor.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
    })
    const url = new URL('/invite/accept', options.baseUrl)
    url.searchParams.set('token', token)
    await sendEmail({
      db: tx,
      to: email,
      organizationId: options.organizationId,
      tag: EMAIL_TAG.invitation,
      carriesSecret: true,
      subject: `${options.inviterName} invited you to ${organization.name} on esd.quest`,
      text: [
        `${options.inviterName} invited you to join ${organization.name} on esd.quest as ${options.role === 'admin' ? 'an admin' : 'an operator'}.`,
        '',
        'Accept the invitation and create your passkey here:',
        '',
        url.href,
        '',
        'The link works once and expires in 7 days.',
      ].join('\n'),
    })
    return {
      result: { id: invitation.id, url: url.href },
      target: { type: 'invitation', id: invitation.id },
      summary: { after: { email, role: options.role, expiresAt: invitation.expiresAt.toISOString() } },
    }
  }
  return withAudit(audit, invite, { db: options.db })
}
