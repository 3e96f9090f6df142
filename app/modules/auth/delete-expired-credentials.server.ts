import { prisma } from '~/utils/db.server'
import { SESSION_IDLE_TIMEOUT_MS } from './sessions.server'

/** Keeps the credential tables small; used rows stay a day for support questions. */
export async function deleteExpiredCredentials({ now }: { now: Date }) {
  const dayAgo = new Date(now.getTime() - 24 * 60 * 60 * 1000)
  const [sessions, signInTokens] = await prisma.$transaction([
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
  ])
  return { sessions: sessions.count, signInTokens: signInTokens.count }
}
