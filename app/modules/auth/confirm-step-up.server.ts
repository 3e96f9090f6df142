import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { verifyPasskeyAssertion } from './verify-passkey-assertion.server'
import { challengeOf, consumeChallenge } from './webauthn-challenges.server'

const rejected = (detail?: string) =>
  new AppError('webauthn_step_up_rejected', `That passkey could not confirm it is you.${detail ? ` ${detail}` : ''}`, 401)

/**
 * Records on the session that it just proved possession of one of the
 * user's own passkeys. The challenge must have been issued to this user in
 * this session (single use), and the passkey must be theirs.
 */
export async function confirmStepUp(options: {
  userId: string
  sessionId: string
  actor: UserActor
  response: AuthenticationResponseJSON
  now?: Date
}): Promise<{ passkeyVerifiedAt: Date }> {
  const challenge = await consumeChallenge({ challenge: challengeOf(options.response), purpose: 'step_up', now: options.now })
  if (challenge.userId !== options.userId || challenge.sessionId !== options.sessionId) {
    throw rejected('It was started in another session. Try again.')
  }
  const passkey = await prisma.passkey.findFirst({
    where: { id: options.response.id, userId: options.userId },
    select: { id: true, userId: true, publicKey: true, counter: true, transports: true },
  })
  if (!passkey) throw rejected('It is not one of your passkeys.')
  const check = await verifyPasskeyAssertion({ response: options.response, expectedChallenge: challenge.challenge, passkey })
  if (!check.verified) throw rejected(check.detail)

  const now = options.now ?? new Date()
  return withAudit({ actor: options.actor, action: 'session.passkey_confirmed', target: { type: 'passkey', id: passkey.id } }, async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: options.sessionId, userId: options.userId, kind: 'full', revokedAt: null },
      data: { passkeyVerifiedAt: now },
    })
    if (count !== 1) throw new AppError('session_gone', 'Your session has ended. Sign in again.', 401)
    return { result: { passkeyVerifiedAt: now } }
  })
}
