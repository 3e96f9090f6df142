import { randomUUID } from 'node:crypto'
import { startPasskeyRegistration } from '~/modules/auth/passkey-registration.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { inspectInvitation, invitationMessages } from './invitation-token.server'

/**
 * Passkey options for an invitee. The account does not exist yet: the
 * challenge carries the id it will get, the invitation and the chosen name,
 * and the account is created only when the passkey verifies.
 */
export async function startInvitationRegistration(options: { token: string; name: string }) {
  const state = await inspectInvitation(options.token)
  if (state.state !== 'valid') throw new AppError(`invitation_${state.state}`, invitationMessages[state.state], 410)
  const { invitation } = state
  // Before the ceremony, so no passkey is made on the device for an account
  // that will not be created. Only the invitee (who holds the link) learns it.
  if (await prisma.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) {
    throw new AppError('email_taken', 'This address already has an esd.quest account. Sign in instead.', 409)
  }
  return startPasskeyRegistration({
    userId: randomUUID(),
    userName: invitation.email,
    displayName: options.name,
    invitationId: invitation.id,
    context: { name: options.name },
  })
}
