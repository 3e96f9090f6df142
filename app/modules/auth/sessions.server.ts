import { prisma } from '~/utils/db.server'
import { generateToken, hashToken } from './tokens.server'

export const SESSION_IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000
export const SESSION_ABSOLUTE_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000
/** Writing last_seen_at on every request would be a write per page view. */
const TOUCH_INTERVAL_MS = 60 * 1000

export type SessionUser = {
  sessionId: string
  user: {
    id: string
    email: string
    name: string
    role: 'super_admin' | 'admin' | 'operator'
    themePreference: 'system' | 'light' | 'dark'
    organization: { id: string; name: string; slug: string; environment: 'prod' | 'sandbox' | 'test' }
  }
}

/** Starts a session and returns the cookie value (never stored as is). */
export async function createSession(options: { userId: string; ip?: string | null; userAgent?: string | null; now?: Date }) {
  const now = options.now ?? new Date()
  const token = generateToken()
  await prisma.$transaction([
    prisma.session.create({
      data: {
        id: hashToken(token),
        userId: options.userId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS),
        ip: options.ip?.slice(0, 64) ?? null,
        userAgent: options.userAgent?.slice(0, 512) ?? null,
      },
    }),
    prisma.user.update({ where: { id: options.userId }, data: { lastSignInAt: now } }),
  ])
  return { token, expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS) }
}

/** The signed-in user for a cookie value, or null when the session is over. */
export async function getSessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
  const id = hashToken(token)
  const session = await prisma.session.findUnique({
    where: { id },
    select: {
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          status: true,
          themePreference: true,
          organization: { select: { id: true, name: true, slug: true, environment: true } },
        },
      },
    },
  })
  if (!session || session.revokedAt || session.user.status !== 'active') return null
  if (session.expiresAt <= now) return null
  if (session.lastSeenAt.getTime() + SESSION_IDLE_TIMEOUT_MS <= now.getTime()) return null
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id }, data: { lastSeenAt: now } })
  }
  const { status: _status, ...user } = session.user
  return { sessionId: id, user }
}

export async function revokeSession(token: string) {
  await prisma.session.updateMany({ where: { id: hashToken(token), revokedAt: null }, data: { revokedAt: new Date() } })
}
