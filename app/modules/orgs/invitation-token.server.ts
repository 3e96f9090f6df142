import { prisma } from '~/utils/db.server'
import { hashToken } from '~/modules/auth/tokens.server'

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

export type InvitationState =
  | { state: 'valid'; invitation: { id: string; email: string; role: 'super_admin' | 'admin' | 'operator'; organization: { id: string; name: string } } }
  | { state: 'unknown' | 'accepted' | 'revoked' | 'expired' }

export const invitationMessages = {
  unknown: 'This invitation link is not valid. Ask your administrator for a new one.',
  accepted: 'This invitation has already been accepted. Sign in with your passkey.',
  revoked: 'This invitation was withdrawn. Ask your administrator for a new one.',
  expired: 'This invitation has expired (invitations last 7 days). Ask your administrator for a new one.',
} as const

export async function inspectInvitation(token: string, now = new Date()): Promise<InvitationState> {
  const row = await prisma.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { organization: { select: { id: true, name: true } } },
  })
  if (!row) return { state: 'unknown' }
  if (row.acceptedAt) return { state: 'accepted' }
  if (row.revokedAt) return { state: 'revoked' }
  if (row.expiresAt <= now) return { state: 'expired' }
  return { state: 'valid', invitation: { id: row.id, email: row.email, role: row.role, organization: row.organization } }
}
