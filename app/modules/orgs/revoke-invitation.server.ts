import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

export async function revokeInvitation(options: { actor: Actor; organizationId: string; invitationId: string }) {
  return withAudit({ actor: options.actor, action: 'invitation.revoked', target: { type: 'invitation', id: options.invitationId } }, async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: options.invitationId, organizationId: options.organizationId } })
    if (!invitation) throw new AppError('invitation_not_found', 'No such invitation.', 404)
    if (invitation.acceptedAt) throw new AppError('invitation_accepted', 'This invitation was already accepted.', 409)
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: invitation.revokedAt ?? new Date() } })
    return { result: null, summary: { before: { email: invitation.email, role: invitation.role } } }
  })
}
