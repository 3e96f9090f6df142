import { describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { createUser, steppedUpSessionFor } from '../../../tests/support/factories'
import { SoftAuthenticator } from '../../../tests/support/soft-authenticator'
import { addPasskey } from './add-passkey.server'
import { finishRecovery } from './finish-recovery.server'
import { generateRecoveryCodes } from './generate-recovery-codes.server'
import { startPasskeyAuthentication } from './passkey-authentication.server'
import { startPasskeyRegistration } from './passkey-registration.server'
import { redeemRecoveryCode } from './redeem-recovery-code.server'
import { requestRecoveryLink } from './request-recovery-link.server'
import { getSessionUser } from './sessions.server'
import { signInWithPasskey } from './sign-in-with-passkey.server'

const ORIGIN = 'http://localhost:3000'
const RP_ID = 'localhost'

type TestUser = Awaited<ReturnType<typeof createUser>>
/** A session of the user that confirmed a passkey just now (step-up). */
const proofFor = async (user: TestUser) => (await steppedUpSessionFor(user.id)).sessionId
const actorOf = (user: TestUser): UserActor => ({ type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email })

let ipCounter = 0
const freshIp = () => `203.0.113.${++ipCounter}`

async function enrol(user: TestUser) {
  const authenticator = new SoftAuthenticator(ORIGIN, RP_ID)
  const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
  await addPasskey({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user), response: authenticator.register(options) as never, name: 'Lost phone' })
  return authenticator
}

describe('finishing a recovery', () => {
  it('ends every session the lost passkey opened, and audits the new passkey like any registration', async () => {
    const user = await createUser()
    const lostPhone = await enrol(user)
    const older = await signInWithPasskey({ response: lostPhone.authenticate(await startPasskeyAuthentication()) as never, ip: freshIp(), userAgent: null })
    const [code] = await generateRecoveryCodes({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user) })

    const recovery = await redeemRecoveryCode({ email: user.email, code: code!, ip: freshIp(), userAgent: null })
    // The sign-in above, and the sessions the setup confirmed its passkey in.
    const openSessions = await prisma.session.count({ where: { userId: user.id, kind: 'full', revokedAt: null } })
    expect(openSessions).toBeGreaterThanOrEqual(1)
    const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
    const newPhone = new SoftAuthenticator(ORIGIN, RP_ID)
    const full = await finishRecovery({ recoverySessionToken: recovery.token, response: newPhone.register(options) as never, name: 'New phone', ip: null, userAgent: null })

    expect(await getSessionUser(older.token)).toBeNull()
    expect(await getSessionUser(recovery.token)).toBeNull()
    expect((await getSessionUser(full.token))?.session.kind).toBe('full')

    const passkey = await prisma.passkey.findFirstOrThrow({ where: { userId: user.id, name: 'New phone' } })
    expect(await prisma.auditLog.findFirst({ where: { action: 'passkey.registered', targetId: passkey.id } })).toMatchObject({
      actorId: user.id,
      organizationId: user.organizationId,
      targetType: 'passkey',
      summary: { after: { name: 'New phone', deviceType: passkey.deviceType, backedUp: passkey.backedUp } },
    })
    expect(await prisma.auditLog.findFirst({ where: { action: 'account.recovered', targetId: user.id } })).toMatchObject({
      summary: { passkey: { id: passkey.id, name: 'New phone' }, sessionsEnded: openSessions },
    })
  })

  it('registers one passkey when two finishes race on the same recovery', async () => {
    const user = await createUser()
    await enrol(user)
    const [code] = await generateRecoveryCodes({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user) })
    const recovery = await redeemRecoveryCode({ email: user.email, code: code!, ip: freshIp(), userAgent: null })
    const finish = async (name: string) => {
      const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
      const response = new SoftAuthenticator(ORIGIN, RP_ID).register(options) as never
      return () => finishRecovery({ recoverySessionToken: recovery.token, response, name, ip: null, userAgent: null })
    }
    const [first, second] = [await finish('Tab A'), await finish('Tab B')]

    const outcomes = await Promise.allSettled([first(), second()])

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'recovery_expired' } })
    expect(await prisma.passkey.count({ where: { userId: user.id, name: { in: ['Tab A', 'Tab B'] } } })).toBe(1)
    expect(await prisma.auditLog.count({ where: { action: 'account.recovered', targetId: user.id } })).toBe(1)
  })
})

describe('recovery rate limits', () => {
  it('do not let link requests for someone’s address lock them out of their recovery codes', async () => {
    const user = await createUser()
    const [code] = await generateRecoveryCodes({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user) })
    const request = () => requestRecoveryLink({ email: user.email, baseUrl: ORIGIN, ip: freshIp() })
    for (let i = 0; i < 3; i++) await request()
    await expect(request()).rejects.toMatchObject({ code: 'rate_limited' })

    const recovery = await redeemRecoveryCode({ email: user.email, code: code!, ip: freshIp(), userAgent: null })
    expect((await getSessionUser(recovery.token))?.session.kind).toBe('recovery')
  })

  it('still limit each door on its own', async () => {
    const user = await createUser()
    for (let i = 0; i < 3; i++) {
      await expect(redeemRecoveryCode({ email: user.email, code: 'AAAA-AAAA-AAAA-AAAA', ip: freshIp(), userAgent: null })).rejects.toMatchObject({
        code: 'recovery_code_invalid',
      })
    }
    await expect(redeemRecoveryCode({ email: user.email, code: 'AAAA-AAAA-AAAA-AAAA', ip: freshIp(), userAgent: null })).rejects.toMatchObject({
      code: 'rate_limited',
    })
    // The owner can still ask for a link (the request queues it).
    await requestRecoveryLink({ email: user.email, baseUrl: ORIGIN, ip: freshIp() })
    const queued = await prisma.jobRun.findMany({ where: { functionId: 'auth-send-recovery-link' }, select: { events: true } })
    const emails = queued.map((run) => (run.events as { data: { email: string } }[])[0]?.data.email)
    expect(emails.filter((email) => email === user.email)).toHaveLength(1)
  })
})
