import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { savePasskey, verifyPasskeyRegistration } from '~/modules/auth/passkey-registration.server'
import { createSession } from '~/modules/auth/sessions.server'
import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'

/**
 * Accepting an invitation = registering a passkey. In one transaction: the
 * invitation is claimed (exactly once), the user is created with the role it
 * named, and the passkey is saved; then the new user is signed in.
 */
export async function acceptInvitation(options: {
  response: RegistrationResponseJSON
  passkeyName: string
  ip: string | null
  userAgent: string | null
  requestId?: string | null
}) {
  const verified = await verifyPasskeyRegistration(options.response)
  if (!verified.invitationId) {
    throw new AppError('webauthn_registration_rejected', 'This passkey request is not for an invitation. Try again.', 400)
  }
  const name = String((verified.context as { name?: unknown } | null)?.name ?? '').trim()
  const user = await prisma.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateManyAndReturn({
      where: { id: verified.invitationId!, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date(), acceptedUserId: verified.userId },
    })
    const invitation = claimed[0]
    if (!invitation) throw new AppError('invitation_unavailable', 'This invitation can no longer be accepted.', 410)
    if (await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
      throw new AppError('email_taken', 'This address already has an esd.quest account. Sign in instead.', 409)
    }
    const created = await tx.user.create({
      data: {
        id: verified.userId,
        organizationId: invitation.organizationId,
        email: invitation.email,
        name: name || invitation.email.split('@')[0]!,
        role: invitation.role,
      },
    })
    const passkey = await savePasskey(tx, verified, options.passkeyName)
    const actor = { type: 'user' as const, userId: created.id, organizationId: created.organizationId, label: created.email, ip: options.ip, requestId: options.requestId }
    await recordAudit(tx, {
      actor,
      action: 'invitation.accepted',
      target: { type: 'invitation', id: invitation.id },
      summary: { after: { userId: created.id, email: created.email, role: created.role } },
    })
    await recordAudit(tx, {
      actor,
      action: 'passkey.registered',
      target: { type: 'passkey', id: passkey.id },
      summary: { after: { name: passkey.name, deviceType: passkey.deviceType, backedUp: passkey.backedUp } },
    })
    return created
  })
  return createSession({ userId: user.id, ip: options.ip, userAgent: options.userAgent })
}
