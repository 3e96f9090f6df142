import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { isAppError } from '~/utils/app-error'
import { authLimits, enforceRateLimits } from './enforce-rate-limit.server'
import { verifyPasskeyAuthentication } from './passkey-authentication.server'
import { createSession } from './sessions.server'

/** Verifies a passkey sign-in and starts a new session; returns the cookie value. */
export async function signInWithPasskey(options: {
  response: AuthenticationResponseJSON
  ip: string | null
  userAgent: string | null
  requestId?: string | null
}) {
  await enforceRateLimits([authLimits.signInByIp(options.ip)])
  const owner = await prisma.passkey.findUnique({ where: { id: options.response.id }, select: { userId: true } })
  // Failures are counted per account too, so one IP per attempt does not help a guesser.
  if (owner) await enforceRateLimits([authLimits.signInByUser(owner.userId)])
  let verified
  try {
    verified = await verifyPasskeyAuthentication(options.response)
  } catch (error) {
    if (owner && isAppError(error)) {
      const user = await prisma.user.findUnique({ where: { id: owner.userId }, select: { email: true, organizationId: true } })
      if (user) {
        await recordAudit(prisma, {
          actor: { type: 'user', userId: owner.userId, organizationId: user.organizationId, label: user.email, ip: options.ip, requestId: options.requestId },
          action: 'session.sign_in_failed',
          target: { type: 'passkey', id: options.response.id },
          summary: { method: 'passkey', reason: error.code },
        })
      }
    }
    throw error
  }
  const user = await prisma.user.findUniqueOrThrow({ where: { id: verified.userId }, select: { email: true, organizationId: true } })
  return prisma.$transaction(async (tx) => {
    const session = await createSession({ userId: verified.userId, ip: options.ip, userAgent: options.userAgent, db: tx })
    await recordAudit(tx, {
      actor: { type: 'user', userId: verified.userId, organizationId: user.organizationId, label: user.email, ip: options.ip, requestId: options.requestId },
      action: 'session.signed_in',
      target: { type: 'passkey', id: verified.passkeyId },
      summary: { method: 'passkey' },
    })
    return session
  })
}
