import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { assertRecentPasskeyProof } from './assert-recent-passkey-proof.server'
import { notifyAccountChange } from './notify-account-change.server'

/**
 * Removes one of the user's passkeys and ends all of their sessions: a
 * passkey is removed because it may be lost or stolen, so whatever it
 * signed in must stop working. The last passkey cannot be removed. Needs a
 * passkey confirmation from the last 5 minutes; the user is emailed.
 */
export async function removePasskey(options: { userId: string; sessionId: string; actor: UserActor; passkeyId: string }) {
  const origin = await assertRecentPasskeyProof({ userId: options.userId, sessionId: options.sessionId })
  return withAudit({ actor: options.actor, action: 'passkey.removed', target: { type: 'passkey', id: options.passkeyId } }, async (tx) => {
    const passkeys = await tx.passkey.findMany({ where: { userId: options.userId }, select: { id: true, name: true } })
    const passkey = passkeys.find((p) => p.id === options.passkeyId)
    if (!passkey) throw new AppError('passkey_not_found', 'No such passkey.', 404)
    if (passkeys.length === 1) {
      throw new AppError('last_passkey', 'This is your only passkey. Add another one before removing it.', 409)
    }
    await tx.passkey.delete({ where: { id: passkey.id } })
    const now = new Date()
    const sessions = await tx.session.updateMany({
      where: { userId: options.userId, revokedAt: null },
      data: { revokedAt: now },
    })
    await notifyAccountChange({
      db: tx,
      userId: options.userId,
      change: { kind: 'passkey-removed', passkeyName: passkey.name, sessionsEnded: sessions.count },
      at: now,
      ip: options.actor.ip ?? origin.ip,
      userAgent: origin.userAgent,
    })
    return { result: { sessionsEnded: sessions.count }, summary: { before: { name: passkey.name }, sessionsEnded: sessions.count } }
  })
}
