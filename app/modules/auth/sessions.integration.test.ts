import { describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { action as accountAction, loader as accountLoader } from '~/routes/_app.account'
import { prisma } from '~/utils/db.server'
import { serializeSessionToken } from '~/utils/session.server'
import { createUser } from '../../../tests/support/factories'
import { deleteExpiredCredentials } from './delete-expired-credentials.server'
import { endSession } from './end-session.server'
import { listSessions } from './list-sessions.server'
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

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'
const SAFARI_ON_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
type TestUser = Awaited<ReturnType<typeof createUser>>
const actorOf = (user: TestUser): UserActor => ({ type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email })
const cookieOf = async (token: string) => (await serializeSessionToken(token, new Request('http://localhost:3000/'))).split(';')[0]!

describe('the sessions list', () => {
  it('shows the user’s working sessions, newest seen first, with device, IP, times and which one is this', async () => {
    const user = await createUser()
    const now = new Date()
    const laptop = await createSession({ userId: user.id, ip: '203.0.113.1', userAgent: FIREFOX_ON_WINDOWS, now: new Date(now.getTime() - hours(3)) })
    const phone = await createSession({ userId: user.id, ip: '203.0.113.2', userAgent: SAFARI_ON_IPHONE, now: new Date(now.getTime() - hours(1)) })
    const ended = await createSession({ userId: user.id })
    await signOut({ sessionToken: ended.token, ip: null })
    await createSession({ userId: user.id, now: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS - 1000) })
    await createSession({ userId: (await createUser()).id })

    const sessions = await listSessions({ userId: user.id, currentSessionId: hashToken(laptop.token), now })

    expect(sessions).toEqual([
      {
        id: hashToken(phone.token),
        kind: 'full',
        device: 'Safari on iPhone',
        ip: '203.0.113.2',
        createdAt: new Date(now.getTime() - hours(1)).toISOString(),
        lastSeenAt: new Date(now.getTime() - hours(1)).toISOString(),
        current: false,
      },
      expect.objectContaining({ id: hashToken(laptop.token), device: 'Firefox on Windows', ip: '203.0.113.1', current: true }),
    ])
  })

  it('ends another session: its cookie stops working at once, this one goes on, and it is audited', async () => {
    const user = await createUser()
    const mine = await createSession({ userId: user.id, userAgent: FIREFOX_ON_WINDOWS })
    const other = await createSession({ userId: user.id, ip: '198.51.100.9', userAgent: SAFARI_ON_IPHONE })
    const otherCookie = await cookieOf(other.token)
    await expect(accountLoader({ request: new Request('http://localhost/account', { headers: { cookie: otherCookie } }), params: {}, context: {} })).resolves.toBeTruthy()

    // Through the account page, as the "End" button posts it.
    const body = new URLSearchParams({ intent: 'end-session', sessionId: hashToken(other.token) })
    const answer = await accountAction({
      request: new Request('http://localhost/account', { method: 'POST', body, headers: { cookie: await cookieOf(mine.token) } }),
      params: {},
      context: {},
    })
    expect(answer).toMatchObject({ intent: 'end-session', stepUp: false })

    expect(await getSessionUser(other.token)).toBeNull()
    const refused = await accountLoader({ request: new Request('http://localhost/account', { headers: { cookie: otherCookie } }), params: {}, context: {} }).catch(
      (thrown: unknown) => thrown,
    )
    expect(refused).toBeInstanceOf(Response)
    expect((refused as Response).headers.get('location')).toBe('/signin?redirectTo=%2Faccount')
    expect((await getSessionUser(mine.token))?.user.id).toBe(user.id)
    expect(await prisma.auditLog.findFirst({ where: { action: 'session.ended', actorId: user.id } })).toMatchObject({
      targetType: 'user',
      targetId: user.id,
      summary: { session: { device: 'Safari on iPhone', ip: '198.51.100.9', kind: 'full' } },
    })
  })

  it('ending this session signs out here', async () => {
    const user = await createUser()
    const mine = await createSession({ userId: user.id })
    const body = new URLSearchParams({ intent: 'end-session', sessionId: hashToken(mine.token) })
    const answer = await accountAction({
      request: new Request('http://localhost/account', { method: 'POST', body, headers: { cookie: await cookieOf(mine.token) } }),
      params: {},
      context: {},
    })
    expect(answer).toBeInstanceOf(Response)
    const response = answer as Response
    expect(response.headers.get('location')).toBe('/signin?notice=session-ended')
    expect(response.headers.get('set-cookie')).toMatch(/^esd_session=;.*Max-Age=0/)
    expect(await getSessionUser(mine.token)).toBeNull()
  })

  it('cannot end someone else’s session', async () => {
    const [alice, bob] = [await createUser(), await createUser()]
    const bobs = await createSession({ userId: bob.id })
    await expect(endSession({ userId: alice.id, sessionId: hashToken(bobs.token), actor: actorOf(alice) })).rejects.toMatchObject({ status: 404 })
    expect((await getSessionUser(bobs.token))?.user.id).toBe(bob.id)
  })
})
