import { systemActor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { SESSION_IDLE_TIMEOUT_MS } from './sessions.server'

/**
 * Keeps the credential tables small: sessions and links that can no longer
 * be used (used rows stay a day for support questions), WebAuthn challenges
 * past their two minutes, and finished rate-limit windows.
 */
export async function deleteExpiredCredentials({ now }: { now: Date }) {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000)
  const [sessions, signInTokens, challenges, rateLimitBuckets] = await prisma.$transaction([
    prisma.session.deleteMany({
      where: {
        OR: [
          { expiresAt: { lte: now } },
          { lastSeenAt: { lte: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS) } },
          { revokedAt: { lte: dayAgo } },
        ],
      },
    }),
    prisma.signInToken.deleteMany({
      where: { OR: [{ expiresAt: { lte: dayAgo } }, { usedAt: { lte: dayAgo } }] },
    }),
    prisma.webAuthnChallenge.deleteMany({ where: { expiresAt: { lte: now } } }),
    prisma.rateLimitBucket.deleteMany({ where: { expiresAt: { lte: now } } }),
  ])
  const deleted = {
    sessions: sessions.count,
    signInTokens: signInTokens.count,
    challenges: challenges.count,
    rateLimitBuckets: rateLimitBuckets.count,
  }
  if (Object.values(deleted).some((n) => n > 0)) {
    await recordAudit(prisma, { actor: systemActor('job:auth-cleanup-expired-credentials'), action: 'credentials.expired_deleted', summary: deleted })
  }
  return deleted
}
