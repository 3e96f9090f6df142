import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import { recordAudit } from '~/modules/audit/record-audit.server'
import type { AppError } from '~/utils/app-error'
import { prisma, type Prisma } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { consumeRateLimit } from '~/utils/rate-limit.server'
import { authLimits, enforceRateLimits, RateLimitError } from './enforce-rate-limit.server'
import { verifyPasskeyAuthentication } from './passkey-authentication.server'
import { createSession } from './sessions.server'

type Origin = { ip: string | null; requestId?: string | null }

async function auditRefusal(
  tx: Prisma.TransactionClient,
  owner: { userId: string; passkeyId: string },
  origin: Origin,
  summary: Record<string, unknown>,
) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: owner.userId }, select: { email: true, organizationId: true } })
  await recordAudit(tx, {
    actor: { type: 'user', userId: owner.userId, organizationId: user.organizationId, label: user.email, ...origin },
    action: 'session.sign_in_failed',
    target: { type: 'passkey', id: owner.passkeyId },
    summary: { method: 'passkey', ...summary },
  })
}

/**
 * Verifies a passkey sign-in and starts a new session; returns the cookie
 * value. One transaction spends the challenge, moves the signature counter,
 * starts the session and audits it: if any part fails, none happened.
 *
 * Every attempt counts against the client's IP. Only a failed verification
 * of a registered passkey counts against its owner, and a spent failure
 * budget never refuses a verified passkey: a credential id is not secret,
 * so junk sent with it must not lock the owner out (docs/decisions/009).
 */
export async function signInWithPasskey(options: {
  response: AuthenticationResponseJSON
  ip: string | null
  userAgent: string | null
  requestId?: string | null
}) {
  await enforceRateLimits([authLimits.signInByIp(options.ip)])
  const origin: Origin = { ip: options.ip, requestId: options.requestId }
  const outcome = await prisma.$transaction(async (tx): Promise<{ session: { token: string; expiresAt: Date } } | { error: AppError }> => {
    const assertion = await verifyPasskeyAuthentication({ response: options.response, db: tx })
    if (assertion.outcome === 'refused') {
      if (assertion.owner) await auditRefusal(tx, assertion.owner, origin, { reason: 'account_disabled' })
      return { error: assertion.error }
    }
    if (assertion.outcome === 'failed') {
      const budget = await consumeRateLimit({ ...authLimits.signInFailuresByUser(assertion.owner.userId), db: tx })
      // Past the budget, further junk is refused without an audit row each: one row marks the moment it ran out.
      if (budget.count <= budget.limit + 1) {
        await auditRefusal(tx, assertion.owner, origin, { reason: assertion.reason, ...(budget.allowed ? {} : { failureLimitReached: true }) })
      }
      if (budget.allowed) return { error: assertion.error }
      if (budget.count === budget.limit + 1) {
        logger.warn('passkey sign-in failures over the limit for one account', { userId: assertion.owner.userId, passkeyId: assertion.owner.passkeyId, ip: options.ip })
      }
      return { error: new RateLimitError(budget) }
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: assertion.userId }, select: { email: true, organizationId: true } })
    const session = await createSession({ userId: assertion.userId, ip: options.ip, userAgent: options.userAgent, passkeyVerified: true, db: tx })
    await recordAudit(tx, {
      actor: { type: 'user', userId: assertion.userId, organizationId: user.organizationId, label: user.email, ...origin },
      action: 'session.signed_in',
      target: { type: 'passkey', id: assertion.passkeyId },
      summary: { method: 'passkey' },
    })
    return { session }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.session
}
