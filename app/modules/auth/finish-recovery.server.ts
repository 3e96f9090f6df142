import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import { recordAudit, withAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { notifyAccountChange } from './notify-account-change.server'
import { savePasskey, verifyPasskeyRegistration } from './passkey-registration.server'
import { createSession } from './sessions.server'
import { hashToken } from './tokens.server'

/**
 * Recovery ends by registering a new passkey: the recovery session is spent,
 * every other session of the user ends (the lost passkey may be in someone
 * else's hands, and so may what it signed in) and a normal session starts.
 */
const recoveryExpired = () =>
  new AppError('recovery_expired', 'This recovery has expired. Start again from “Lost your passkey?”.', 410)

export async function finishRecovery(options: {
  recoverySessionToken: string
  response: RegistrationResponseJSON
  name: string
  ip: string | null
  userAgent: string | null
  requestId?: string | null
}) {
  const recoverySessionId = hashToken(options.recoverySessionToken)
  const recovery = await prisma.session.findUnique({
    where: { id: recoverySessionId },
    select: { kind: true, revokedAt: true, expiresAt: true, user: { select: { id: true, email: true, organizationId: true } } },
  })
  if (!recovery || recovery.kind !== 'recovery' || recovery.revokedAt || recovery.expiresAt <= new Date()) {
    throw recoveryExpired()
  }
  const verified = await verifyPasskeyRegistration(options.response)
  if (verified.userId !== recovery.user.id || verified.invitationId) {
    throw new AppError('webauthn_registration_rejected', 'This passkey request belongs to someone else. Try again.', 400)
  }
  const actor = {
    type: 'user' as const,
    userId: recovery.user.id,
    organizationId: recovery.user.organizationId,
    label: recovery.user.email,
    ip: options.ip,
    requestId: options.requestId,
  }
  return withAudit({ actor, action: 'account.recovered', target: { type: 'user', id: recovery.user.id } }, async (tx) => {
    const passkey = await savePasskey(tx, verified, options.name)
    await recordAudit(tx, {
      actor,
      action: 'passkey.registered',
      target: { type: 'passkey', id: passkey.id },
      summary: { after: { name: passkey.name, deviceType: passkey.deviceType, backedUp: passkey.backedUp } },
    })
    const now = new Date()
    // Conditional, so two finishes racing on one recovery register one passkey: the loser rolls back.
    const spent = await tx.session.updateMany({ where: { id: recoverySessionId, revokedAt: null }, data: { revokedAt: now } })
    if (spent.count !== 1) throw recoveryExpired()
    const ended = await tx.session.updateMany({ where: { userId: recovery.user.id, revokedAt: null }, data: { revokedAt: now } })
    const session = await createSession({ userId: recovery.user.id, ip: options.ip, userAgent: options.userAgent, now, db: tx })
    await notifyAccountChange({
      db: tx,
      userId: recovery.user.id,
      change: { kind: 'account-recovered', passkeyName: passkey.name, sessionsEnded: ended.count },
      at: now,
      ip: options.ip,
      userAgent: options.userAgent,
    })
    return { result: session, summary: { passkey: { id: passkey.id, name: passkey.name }, sessionsEnded: ended.count } }
  })
}
