import { prisma, type Prisma } from '~/utils/db.server'
import { permissionsForRole } from './role-permissions.server'
import { generateToken, hashToken } from './tokens.server'

export const SESSION_IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000
export const SESSION_ABSOLUTE_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000
/** A recovery session exists only to register a new passkey. */
export const RECOVERY_SESSION_TTL_MS = 15 * 60 * 1000
/** Writing last_seen_at on every request would be a write per page view. */
const TOUCH_INTERVAL_MS = 60 * 1000

export type OrganizationSummary = { id: string; name: string; slug: string; environment: 'prod' | 'sandbox' | 'test' }

export type SessionUser = {
  session: { id: string; kind: 'full' | 'recovery' }
  user: {
    id: string
    email: string
    name: string
    role: 'super_admin' | 'admin' | 'operator'
    themePreference: 'system' | 'light' | 'dark'
    /** Where the user acts: the impersonated organization for a super admin, else their own. */
    organization: OrganizationSummary
    homeOrganization: OrganizationSummary
    impersonating: boolean
    permissions: string[]
    passkeyCount: number
  }
}

const organizationSelect = { id: true, name: true, slug: true, environment: true } as const

/**
 * Starts a session and returns the cookie value (never stored as is). Every
 * sign-in gets a new id, so a session id known before sign-in is worthless after.
 */
export async function createSession(options: {
  userId: string
  kind?: 'full' | 'recovery'
  ip?: string | null
  userAgent?: string | null
  /** The sign-in itself was a passkey assertion: it counts as the session's first step-up proof. */
  passkeyVerified?: boolean
  now?: Date
  /** The caller's transaction, so the session starts together with what it audits. */
  db?: Prisma.TransactionClient
}) {
  const now = options.now ?? new Date()
  const kind = options.kind ?? 'full'
  const token = generateToken()
  const expiresAt = new Date(now.getTime() + (kind === 'full' ? SESSION_ABSOLUTE_TIMEOUT_MS : RECOVERY_SESSION_TTL_MS))
  const write = async (db: Prisma.TransactionClient) => {
    await db.session.create({
      data: {
        id: hashToken(token),
        userId: options.userId,
        kind,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: options.ip?.slice(0, 64) ?? null,
        userAgent: options.userAgent?.slice(0, 512) ?? null,
        passkeyVerifiedAt: options.passkeyVerified ? now : null,
      },
    })
    if (kind === 'full') await db.user.update({ where: { id: options.userId }, data: { lastSignInAt: now } })
  }
  await (options.db ? write(options.db) : prisma.$transaction(write))
  return { token, expiresAt }
}

/** The signed-in user for a cookie value, or null when the session is over. */
export async function getSessionUser(token: string, now = new Date()): Promise<SessionUser | null> {
  const id = hashToken(token)
  const session = await prisma.session.findUnique({
    where: { id },
    select: {
      kind: true,
      lastSeenAt: true,
      expiresAt: true,
      revokedAt: true,
      impersonatedOrganization: { select: organizationSelect },
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          status: true,
          themePreference: true,
          organization: { select: organizationSelect },
          _count: { select: { passkeys: true } },
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
  const { status: _status, _count, organization, ...user } = session.user
  const impersonating = user.role === 'super_admin' && session.impersonatedOrganization !== null
  return {
    session: { id, kind: session.kind },
    user: {
      ...user,
      organization: impersonating ? session.impersonatedOrganization! : organization,
      homeOrganization: organization,
      impersonating,
      permissions: await permissionsForRole(user.role),
      passkeyCount: _count.passkeys,
    },
  }
}
