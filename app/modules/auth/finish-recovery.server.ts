import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import { withAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { savePasskey, verifyPasskeyRegistration } from './passkey-registration.server'
import { createSession } from './sessions.server'
import { hashToken } from './tokens.server'

/**
 * Recovery ends by registering a new passkey: the recovery session is spent
 * and a normal session starts.
 */
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
    throw new AppError('recovery_expired', 'This recovery has expired. Start again from “Lost your passkey?”.', 410)
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
  await withAudit({ actor, action: 'account.recovered', target: { type: 'user', id: recovery.user.id } }, async (tx) => {
    const passkey = await savePasskey(tx, verified, options.name)
    await tx.session.update({ where: { id: recoverySessionId }, data: { revokedAt: new Date() } })
    return { result: null, summary: { passkey: { id: passkey.id, name: passkey.name } } }
  })
  return createSession({ userId: recovery.user.id, ip: options.ip, userAgent: options.userAgent })
}
