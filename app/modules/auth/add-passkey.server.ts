import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { assertRecentPasskeyProof } from './assert-recent-passkey-proof.server'
import { notifyAccountChange } from './notify-account-change.server'
import { savePasskey, verifyPasskeyRegistration } from './passkey-registration.server'

export const passkeyNameFrom = (value: unknown, fallback: string) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, 60) : fallback

/**
 * A signed-in user registers another passkey for their own account. The
 * session must have confirmed a passkey in the last 5 minutes (for the very
 * first passkey: signed in less than 5 minutes ago); the user is emailed.
 */
export async function addPasskey(options: {
  userId: string
  sessionId: string
  actor: UserActor
  response: RegistrationResponseJSON
  name: string
}) {
  const origin = await assertRecentPasskeyProof({ userId: options.userId, sessionId: options.sessionId, firstPasskey: true })
  const verified = await verifyPasskeyRegistration(options.response)
  if (verified.userId !== options.userId || verified.invitationId) {
    throw new AppError('webauthn_registration_rejected', 'This passkey request belongs to someone else. Try again.', 400)
  }
  return withAudit({ actor: options.actor, action: 'passkey.registered' }, async (tx) => {
    const passkey = await savePasskey(tx, verified, options.name)
    await notifyAccountChange({
      db: tx,
      userId: options.userId,
      change: { kind: 'passkey-added', passkeyName: passkey.name },
      at: passkey.createdAt,
      ip: options.actor.ip ?? origin.ip,
      userAgent: origin.userAgent,
    })
    return {
      result: passkey,
      target: { type: 'passkey', id: passkey.id },
      summary: { after: { name: passkey.name, deviceType: passkey.deviceType, backedUp: passkey.backedUp } },
    }
  })
}
