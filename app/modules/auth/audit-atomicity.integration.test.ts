import { beforeAll, describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { createUser, steppedUpSessionFor } from '../../../tests/support/factories'
import { asOwner } from '../../../tests/support/owner-database'
import { SoftAuthenticator } from '../../../tests/support/soft-authenticator'
import { addPasskey } from './add-passkey.server'
import { createSignInLink } from './create-sign-in-link.server'
import { generateRecoveryCodes } from './generate-recovery-codes.server'
import { startPasskeyAuthentication } from './passkey-authentication.server'
import { startPasskeyRegistration } from './passkey-registration.server'
import { redeemRecoveryCode } from './redeem-recovery-code.server'
import { redeemRecoveryLink } from './redeem-recovery-link.server'
import { inspectSignInLink } from './redeem-sign-in-link.server'
import { createSession, getSessionUser } from './sessions.server'
import { signInWithLink } from './sign-in-with-link.server'
import { signInWithPasskey } from './sign-in-with-passkey.server'
import { signOut } from './sign-out.server'

const ORIGIN = 'http://localhost:3000'
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!
type TestUser = Awaited<ReturnType<typeof createUser>>
const actorOf = (user: TestUser): UserActor => ({ type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email })

/** Audit rows with this request id cannot be written, as if the database failed right then. */
const BROKEN = 'audit-write-fails'
const auditFails = /audit write failed/

let ipCounter = 0
const freshIp = () => `203.0.113.${++ipCounter}`

beforeAll(async () => {
  // Only the owner may add a trigger; the code under test runs as the app role.
  await asOwner(async (owner) => {
    await owner.query(`
      CREATE FUNCTION test_fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit write failed'; END $$`)
    await owner.query(`
      CREATE TRIGGER test_fail_audit BEFORE INSERT ON audit_log
      FOR EACH ROW WHEN (NEW.request_id = '${BROKEN}') EXECUTE FUNCTION test_fail_audit()`)
  })
})

const sessionCount = (userId: string) => prisma.session.count({ where: { userId } })
/** Runs a step-up-guarded setup step in a session of its own, which is gone afterwards. */
async function inSteppedUpSession<T>(userId: string, run: (sessionId: string) => Promise<T>): Promise<T> {
  const { sessionId } = await steppedUpSessionFor(userId)
  try {
    return await run(sessionId)
  } finally {
    await prisma.session.delete({ where: { id: sessionId } })
  }
}

describe('an auth change whose audit row cannot be written does not happen', () => {
  it('signing in with a link: the link stays unused and no session starts', async () => {
    const user = await createUser()
    const token = tokenOf((await createSignInLink({ userId: user.id, baseUrl: ORIGIN })).url)
    await expect(signInWithLink({ token, ip: null, userAgent: null, requestId: BROKEN })).rejects.toThrow(auditFails)
    expect(await inspectSignInLink(token)).toMatchObject({ state: 'valid' })
    expect(await sessionCount(user.id)).toBe(0)
  })

  it('redeeming a recovery link: the link stays unused and no recovery session starts', async () => {
    const user = await createUser()
    const token = tokenOf((await createSignInLink({ userId: user.id, baseUrl: ORIGIN, purpose: 'recovery' })).url)
    await expect(redeemRecoveryLink({ token, ip: null, userAgent: null, requestId: BROKEN })).rejects.toThrow(auditFails)
    expect(await inspectSignInLink(token, new Date(), 'recovery')).toMatchObject({ state: 'valid' })
    expect(await sessionCount(user.id)).toBe(0)
  })

  it('redeeming a recovery code: the code stays unspent and no recovery session starts', async () => {
    const user = await createUser()
    const [code] = await inSteppedUpSession(user.id, (sessionId) => generateRecoveryCodes({ userId: user.id, sessionId, actor: actorOf(user) }))
    await expect(redeemRecoveryCode({ email: user.email, code: code!, ip: freshIp(), userAgent: null, requestId: BROKEN })).rejects.toThrow(auditFails)
    expect(await prisma.recoveryCode.count({ where: { userId: user.id, usedAt: { not: null } } })).toBe(0)
    expect(await sessionCount(user.id)).toBe(0)
  })

  it('signing in with a passkey: no session starts', async () => {
    const user = await createUser()
    const authenticator = new SoftAuthenticator(ORIGIN, 'localhost')
    const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
    await inSteppedUpSession(user.id, (sessionId) =>
      addPasskey({ userId: user.id, sessionId, actor: actorOf(user), response: authenticator.register(options) as never, name: 'Laptop' }),
    )
    const response = authenticator.authenticate(await startPasskeyAuthentication())
    await expect(signInWithPasskey({ response: response as never, ip: freshIp(), userAgent: null, requestId: BROKEN })).rejects.toThrow(auditFails)
    expect(await sessionCount(user.id)).toBe(0)
  })

  it('signing out: the session goes on working', async () => {
    const user = await createUser()
    const { token } = await createSession({ userId: user.id })
    await expect(signOut({ sessionToken: token, ip: null, requestId: BROKEN })).rejects.toThrow(auditFails)
    expect((await getSessionUser(token))?.user.id).toBe(user.id)
  })
})
