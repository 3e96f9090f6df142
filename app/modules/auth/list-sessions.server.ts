import { prisma } from '~/utils/db.server'
import { describeUserAgent } from '~/utils/user-agent'
import { SESSION_IDLE_TIMEOUT_MS } from './sessions.server'

export type ActiveSession = {
  /** The session's stored id (a hash of the cookie value, useless as a cookie). */
  id: string
  kind: 'full' | 'recovery'
  device: string
  ip: string | null
  createdAt: string
  lastSeenAt: string
  /** The session this list is shown in. */
  current: boolean
}

/** The user's sessions that still work (not ended, not expired, not idle too long), most recently seen first. */
export async function listSessions(options: { userId: string; currentSessionId: string; now?: Date }): Promise<ActiveSession[]> {
  const now = options.now ?? new Date()
  const rows = await prisma.session.findMany({
    where: {
      userId: options.userId,
      revokedAt: null,
      expiresAt: { gt: now },
      lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS) },
    },
    orderBy: [{ lastSeenAt: 'desc' }, { createdAt: 'desc' }],
    select: { id: true, kind: true, ip: true, userAgent: true, createdAt: true, lastSeenAt: true },
  })
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    device: describeUserAgent(row.userAgent),
    ip: row.ip,
    createdAt: row.createdAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    current: row.id === options.currentSessionId,
  }))
}
