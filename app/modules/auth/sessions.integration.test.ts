import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createUser } from '../../../tests/support/factories'
import { deleteExpiredCredentials } from './delete-expired-credentials.server'
import {
  createSession,
  getSessionUser,
  SESSION_ABSOLUTE_TIMEOUT_MS,
  SESSION_IDLE_TIMEOUT_MS,
} from './sessions.server'
import { signOut } from './sign-out.server'
import { hashToken } from './tokens.server'

const hours = (n: number) => n * 60 * 60 * 1000

describe('sessions', () => {
  it('identify their user with the organization, and store only a hash of the cookie value', async () => {
    const user = await createUser({ role: 'admin' })
    const { token } = await createSession({ userId: user.id, ip: '203.0.113.9', userAgent: 'vitest' })
    const session = await getSessionUser(token)
    expect(session?.user).toMatchObject({ id: user.id, role: 'admin', organization: { id: user.organizationId } })
    const stored = await prisma.session.findMany({ where: { userId: user.id } })
    expect(stored.map((s) => s.id)).toEqual([hashToken(token)])
  })

  it('end after 12 idle hours', async () => {
    const user = await createUser()
    const start = new Date()
    const { token } = await createSession({ userId: user.id, now: start })
    expect(await getSessionUser(token, new Date(start.getTime() + hours(11)))).not.toBeNull()
    // The visit at 11 h renewed it; 12 h after that visit it is over.
    expect(await getSessionUser(token, new Date(start.getTime() + hours(11) + hours(11.9)))).not.toBeNull()
    const lastSeen = (await prisma.session.findUniqueOrThrow({ where: { id: hashToken(token) } })).lastSeenAt
    expect(await getSessionUser(token, new Date(lastSeen.getTime() + SESSION_IDLE_TIMEOUT_MS))).toBeNull()
  })

  it('end after 30 days however active', async () => {
    const user = await createUser()
    const start = new Date()
    const { token } = await createSession({ userId: user.id, now: start })
    await prisma.session.update({
      where: { id: hashToken(token) },
      data: { lastSeenAt: new Date(start.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS - hours(1)) },
    })
    expect(await getSessionUser(token, new Date(start.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS - 1000))).not.toBeNull()
    expect(await getSessionUser(token, new Date(start.getTime() + SESSION_ABSOLUTE_TIMEOUT_MS))).toBeNull()
  })

  it('end when revoked or when the user is disabled', async () => {
    const user = await createUser()
    const a = await createSession({ userId: user.id })
    await signOut({ sessionToken: a.token, ip: null })
    expect(await prisma.auditLog.count({ where: { action: 'session.signed_out', actorId: user.id } })).toBe(1)
    expect(await getSessionUser(a.token)).toBeNull()

    const b = await createSession({ userId: user.id })
    await prisma.user.update({ where: { id: user.id }, data: { status: 'disabled' } })
    expect(await getSessionUser(b.token)).toBeNull()
  })

  it('are cleaned up once expired, leaving live ones alone', async () => {
    const user = await createUser()
    const now = new Date()
    const live = await createSession({ userId: user.id, now })
    const stale = await createSession({ userId: user.id, now: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS - 1000) })
    const result = await deleteExpiredCredentials({ now })
    expect(result.sessions).toBeGreaterThanOrEqual(1)
    const remaining = await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } })
    expect(remaining.map((r) => r.id)).toEqual([hashToken(live.token)])
    expect(remaining.map((r) => r.id)).not.toContain(hashToken(stale.token))
  })

  it('cleanup also drops expired passkey challenges and finished rate-limit windows', async () => {
    const now = new Date()
    await prisma.webAuthnChallenge.createMany({
      data: [
        { challenge: 'old-challenge', purpose: 'authentication', expiresAt: new Date(now.getTime() - 1000) },
        { challenge: 'live-challenge', purpose: 'authentication', expiresAt: new Date(now.getTime() + 60_000) },
      ],
    })
    await prisma.rateLimitBucket.createMany({
      data: [
        { key: 'old', windowStart: new Date(now.getTime() - 120_000), count: 3, expiresAt: new Date(now.getTime() - 60_000) },
        { key: 'live', windowStart: now, count: 1, expiresAt: new Date(now.getTime() + 60_000) },
      ],
    })
    const result = await deleteExpiredCredentials({ now })
    expect(result).toMatchObject({ challenges: 1, rateLimitBuckets: 1 })
    expect((await prisma.webAuthnChallenge.findMany()).map((c) => c.challenge)).toEqual(['live-challenge'])
    expect((await prisma.rateLimitBucket.findMany()).map((b) => b.key)).toEqual(['live'])
  })
})
