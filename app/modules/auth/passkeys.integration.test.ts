import { isoBase64URL } from '@simplewebauthn/server/helpers'
import { beforeEach, describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { createUser, steppedUpSessionFor } from '../../../tests/support/factories'
import { SoftAuthenticator } from '../../../tests/support/soft-authenticator'
import { addPasskey } from './add-passkey.server'
import { authLimits } from './enforce-rate-limit.server'
import { finishRecovery } from './finish-recovery.server'
import { generateRecoveryCodes } from './generate-recovery-codes.server'
import { startPasskeyAuthentication } from './passkey-authentication.server'
import { startPasskeyRegistration } from './passkey-registration.server'
import { redeemRecoveryCode } from './redeem-recovery-code.server'
import { removePasskey } from './remove-passkey.server'
import { getSessionUser } from './sessions.server'
import { signInWithPasskey } from './sign-in-with-passkey.server'
import { hashToken } from './tokens.server'
import { CHALLENGE_TTL_MS } from './webauthn-challenges.server'
import { asOwner } from '../../../tests/support/owner-database'

// With no APP_URL the relying party is the app at http://localhost:3000.
const ORIGIN = 'http://localhost:3000'
const RP_ID = 'localhost'

type TestUser = Awaited<ReturnType<typeof createUser>>
/** A session of the user that confirmed a passkey just now (step-up). */
const proofFor = async (user: TestUser) => (await steppedUpSessionFor(user.id)).sessionId
const actorOf = (user: TestUser): UserActor => ({ type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email })

async function enrol(user: TestUser, authenticator = new SoftAuthenticator(ORIGIN, RP_ID), name = 'Laptop') {
  const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
  await addPasskey({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user), response: authenticator.register(options) as never, name })
  return authenticator
}

// Sessions a sign-in made, as opposed to the step-up session `enrol` needs.
const SIGN_IN_AGENT = 'vitest'
const signIn = (response: unknown, ip = '198.51.100.7') =>
  signInWithPasskey({ response: response as never, ip, userAgent: SIGN_IN_AGENT })

let ipCounter = 0
const freshIp = () => `203.0.113.${++ipCounter}`

describe('passkey registration', () => {
  it('stores a discoverable, user-verified passkey and audits it', async () => {
    const user = await createUser()
    const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' })
    expect(options.rp).toEqual({ id: RP_ID, name: 'esd.quest' })

    const authenticator = new SoftAuthenticator(ORIGIN, RP_ID)
    const passkey = await addPasskey({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user), response: authenticator.register(options) as never, name: 'Laptop' })
    expect(passkey).toMatchObject({ userId: user.id, name: 'Laptop', counter: 0n })
    expect(await prisma.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(0)
    expect(await prisma.auditLog.findFirst({ where: { action: 'passkey.registered', targetId: passkey.id } })).toMatchObject({
      actorId: user.id,
      organizationId: user.organizationId,
    })
  })

  it('refuses a response from another origin, for another RP ID, or without user verification', async () => {
    const user = await createUser()
    for (const bend of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }, { userVerified: false }]) {
      const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
      const response = new SoftAuthenticator(ORIGIN, RP_ID).register(options, bend)
      await expect(addPasskey({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user), response: response as never, name: 'x' })).rejects.toMatchObject({
        code: 'webauthn_registration_rejected',
      })
    }
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(0)
  })

  it('will not attach a passkey to a user other than the one the challenge was made for', async () => {
    const [alice, mallory] = [await createUser(), await createUser()]
    const options = await startPasskeyRegistration({ userId: alice.id, userName: alice.email, displayName: alice.name })
    const response = new SoftAuthenticator(ORIGIN, RP_ID).register(options)
    await expect(addPasskey({ userId: mallory.id, sessionId: await proofFor(mallory), actor: actorOf(mallory), response: response as never, name: 'x' })).rejects.toMatchObject({
      code: 'webauthn_registration_rejected',
    })
  })
})

describe('passkey sign-in', () => {
  let user: TestUser
  let authenticator: SoftAuthenticator
  beforeEach(async () => {
    user = await createUser()
    authenticator = await enrol(user)
  })

  it('signs in without a user name and starts a fresh session', async () => {
    const options = await startPasskeyAuthentication()
    expect(options.allowCredentials).toEqual([])
    expect(options.userVerification).toBe('required')
    const { token } = await signIn(authenticator.authenticate(options), freshIp())
    const session = await getSessionUser(token)
    expect(session?.user.id).toBe(user.id)
    expect(session?.session.kind).toBe('full')
    expect(await prisma.auditLog.count({ where: { action: 'session.signed_in', actorId: user.id } })).toBe(1)
  })

  it('refuses a replayed response: the challenge was deleted when first used', async () => {
    const options = await startPasskeyAuthentication()
    const response = authenticator.authenticate(options)
    await signIn(response, freshIp())
    expect(await prisma.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(0)
    await expect(signIn(response, freshIp())).rejects.toMatchObject({ code: 'webauthn_challenge_unknown' })
  })

  it('refuses a wrong origin, a wrong RP ID and a missing user-verification flag', async () => {
    for (const bend of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }, { userVerified: false }]) {
      const options = await startPasskeyAuthentication()
      await expect(signIn(authenticator.authenticate(options, bend), freshIp())).rejects.toMatchObject({
        code: 'webauthn_authentication_rejected',
      })
    }
    expect(await prisma.auditLog.count({ where: { action: 'session.sign_in_failed', actorId: user.id } })).toBe(3)
  })

  it('refuses a challenge older than two minutes', async () => {
    const options = await startPasskeyAuthentication()
    await prisma.webAuthnChallenge.update({
      where: { challenge: options.challenge },
      data: { expiresAt: new Date(Date.now() - 1000), createdAt: new Date(Date.now() - CHALLENGE_TTL_MS - 1000) },
    })
    await expect(signIn(authenticator.authenticate(options), freshIp())).rejects.toMatchObject({ code: 'webauthn_challenge_expired' })
    expect(await prisma.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(0)
  })

  it('never lets the signature counter go backwards', async () => {
    await signIn(authenticator.authenticate(await startPasskeyAuthentication(), { counter: 5 }), freshIp())
    const stored = await prisma.passkey.findFirstOrThrow({ where: { userId: user.id } })
    expect(stored.counter).toBe(5n)
    await expect(
      signIn(authenticator.authenticate(await startPasskeyAuthentication(), { counter: 3 }), freshIp()),
    ).rejects.toMatchObject({ code: 'webauthn_authentication_rejected' })
    expect((await prisma.passkey.findFirstOrThrow({ where: { userId: user.id } })).counter).toBe(5n)
  })

  it('refuses the passkey of a disabled user', async () => {
    await prisma.user.update({ where: { id: user.id }, data: { status: 'disabled' } })
    await expect(signIn(authenticator.authenticate(await startPasskeyAuthentication()), freshIp())).rejects.toMatchObject({
      code: 'webauthn_authentication_rejected',
    })
  })

  it('rate limits sign-in attempts per IP address', async () => {
    const ip = freshIp()
    let limited: unknown
    for (let i = 0; i < 31 && !limited; i++) {
      await signIn(authenticator.authenticate(await startPasskeyAuthentication()), ip).catch((error) => {
        limited = error
      })
    }
    expect(limited).toMatchObject({ code: 'rate_limited', status: 429 })
  })
})

describe('passkey sign-in failures', () => {
  let user: TestUser
  let authenticator: SoftAuthenticator
  beforeEach(async () => {
    user = await createUser()
    authenticator = await enrol(user)
  })

  const failureCount = async (userId: string) =>
    (await prisma.rateLimitBucket.findUnique({ where: { key: authLimits.signInFailuresByUser(userId).key } }))?.count ?? 0
  const failureAudits = (userId: string) => prisma.auditLog.findMany({ where: { action: 'session.sign_in_failed', actorId: userId }, orderBy: { id: 'asc' } })
  /** An authenticator holding a passkey this site never registered. */
  const stranger = () => {
    const device = new SoftAuthenticator(ORIGIN, RP_ID)
    device.register({ challenge: 'unused', user: { id: isoBase64URL.fromUTF8String('nobody') } })
    return device
  }

  it('count only failed verifications: refusals before verification and successful sign-ins do not', async () => {
    // A challenge never issued, an expired one, a replay, a passkey nobody registered.
    await expect(signIn(authenticator.authenticate({ challenge: 'never-issued-challenge' }), freshIp())).rejects.toMatchObject({
      code: 'webauthn_challenge_unknown',
    })
    const stale = await startPasskeyAuthentication()
    await prisma.webAuthnChallenge.update({ where: { challenge: stale.challenge }, data: { expiresAt: new Date(Date.now() - 1000) } })
    await expect(signIn(authenticator.authenticate(stale), freshIp())).rejects.toMatchObject({ code: 'webauthn_challenge_expired' })
    const used = authenticator.authenticate(await startPasskeyAuthentication())
    await signIn(used, freshIp())
    await expect(signIn(used, freshIp())).rejects.toMatchObject({ code: 'webauthn_challenge_unknown' })
    await expect(signIn(stranger().authenticate(await startPasskeyAuthentication()), freshIp())).rejects.toMatchObject({
      code: 'webauthn_authentication_rejected',
      message: expect.stringContaining('not registered here'),
    })
    // More successful sign-ins than the failure budget allows failures.
    const { limit } = authLimits.signInFailuresByUser(user.id)
    for (let i = 0; i < limit + 2; i++) await signIn(authenticator.authenticate(await startPasskeyAuthentication()), freshIp())

    expect(await failureCount(user.id)).toBe(0)
    expect(await failureAudits(user.id)).toEqual([])

    // A signature that does not verify does count, and is audited.
    const forged = stranger().authenticate(await startPasskeyAuthentication(), { claimCredentialId: authenticator.credentialId(), userHandle: null })
    await expect(signIn(forged, freshIp())).rejects.toMatchObject({ code: 'webauthn_authentication_rejected', status: 401 })
    expect(await failureCount(user.id)).toBe(1)
    expect((await failureAudits(user.id)).map((row) => row.summary)).toEqual([{ method: 'passkey', reason: 'verification_failed' }])
  })

  it('sent with someone’s credential id, from anywhere, do not stop the owner signing in with the real passkey', async () => {
    const mallory = stranger()
    const { limit } = authLimits.signInFailuresByUser(user.id)
    const codes: string[] = []
    for (let i = 0; i < limit + 5; i++) {
      const junk = mallory.authenticate(await startPasskeyAuthentication(), { claimCredentialId: authenticator.credentialId(), userHandle: null })
      codes.push(await signIn(junk, freshIp()).then(() => 'signed in', (error: { code: string }) => error.code))
    }
    expect(codes).toEqual([...Array<string>(limit).fill('webauthn_authentication_rejected'), ...Array<string>(5).fill('rate_limited')])
    // One audit row per failure until the budget ran out, and one that marks it; then no more.
    const audits = await failureAudits(user.id)
    expect(audits).toHaveLength(limit + 1)
    expect(audits.at(-1)?.summary).toEqual({ method: 'passkey', reason: 'verification_failed', failureLimitReached: true })
    expect(await prisma.session.count({ where: { userId: user.id, userAgent: SIGN_IN_AGENT } })).toBe(0)

    const { token } = await signIn(authenticator.authenticate(await startPasskeyAuthentication()), freshIp())
    expect((await getSessionUser(token))?.user.id).toBe(user.id)
  })

  it('refuse an assertion whose user handle names another account, and count it', async () => {
    const bob = await createUser()
    await enrol(bob)
    const options = await startPasskeyAuthentication()
    const answer = authenticator.authenticate(options, { userHandle: isoBase64URL.fromUTF8String(bob.id) })
    await expect(signIn(answer, freshIp())).rejects.toMatchObject({ code: 'webauthn_authentication_rejected' })
    expect(await prisma.session.count({ where: { userId: { in: [user.id, bob.id] }, userAgent: SIGN_IN_AGENT } })).toBe(0)
    expect(await failureCount(user.id)).toBe(1)
    expect((await failureAudits(user.id)).map((row) => row.summary)).toEqual([{ method: 'passkey', reason: 'user_handle_mismatch' }])
    expect(await failureCount(bob.id)).toBe(0)

    const garbled = authenticator.authenticate(await startPasskeyAuthentication(), { userHandle: 'AAAA' })
    await expect(signIn(garbled, freshIp())).rejects.toMatchObject({ code: 'webauthn_authentication_rejected' })

    // The user's own handle, or none at all (it is optional), signs in.
    await signIn(authenticator.authenticate(await startPasskeyAuthentication()), freshIp())
    await signIn(authenticator.authenticate(await startPasskeyAuthentication(), { userHandle: null }), freshIp())
    expect(await prisma.session.count({ where: { userId: user.id, userAgent: SIGN_IN_AGENT } })).toBe(2)
  })

  it('leave nothing behind when the session cannot be saved: the challenge is unspent, the counter unmoved', async () => {
    const options = await startPasskeyAuthentication()
    const answer = authenticator.authenticate(options)
    const before = await prisma.passkey.findFirstOrThrow({ where: { userId: user.id }, select: { counter: true, lastUsedAt: true } })
    // A session insert that fails after the passkey verified (the database refuses it).
    await asOwner((owner) => owner.query(`CREATE FUNCTION refuse_session() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'sessions are read-only in this test'; END $$`))
    await asOwner((owner) => owner.query(`CREATE TRIGGER refuse_session BEFORE INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION refuse_session()`))
    try {
      await expect(signIn(answer, freshIp())).rejects.toThrow(/sessions are read-only in this test/)
    } finally {
      await asOwner((owner) => owner.query(`DROP TRIGGER refuse_session ON sessions`))
      await asOwner((owner) => owner.query(`DROP FUNCTION refuse_session()`))
    }

    expect(await prisma.webAuthnChallenge.count({ where: { challenge: options.challenge } })).toBe(1)
    expect(await prisma.passkey.findFirstOrThrow({ where: { userId: user.id }, select: { counter: true, lastUsedAt: true } })).toEqual(before)
    expect(await prisma.session.count({ where: { userId: user.id, userAgent: SIGN_IN_AGENT } })).toBe(0)
    expect(await prisma.auditLog.count({ where: { actorId: user.id, action: { in: ['session.signed_in', 'session.sign_in_failed'] } } })).toBe(0)
    expect(await failureCount(user.id)).toBe(0)

    // Nothing was spent: the very same answer signs in now.
    const { token } = await signIn(answer, freshIp())
    expect((await getSessionUser(token))?.user.id).toBe(user.id)
    expect((await prisma.passkey.findFirstOrThrow({ where: { userId: user.id } })).counter).toBe(1n)
  })
})

describe('removing a passkey', () => {
  it('ends every session of the user and refuses to remove the last passkey', async () => {
    const user = await createUser()
    const laptop = await enrol(user)
    await enrol(user, new SoftAuthenticator(ORIGIN, RP_ID), 'Phone')
    const { token } = await signIn(laptop.authenticate(await startPasskeyAuthentication()), freshIp())
    const [first, second] = await prisma.passkey.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } })

    await removePasskey({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user), passkeyId: first!.id })
    expect(await getSessionUser(token)).toBeNull()
    await expect(removePasskey({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user), passkeyId: second!.id })).rejects.toMatchObject({ code: 'last_passkey' })

    // The removed passkey no longer signs in.
    await expect(signIn(laptop.authenticate(await startPasskeyAuthentication()), freshIp())).rejects.toMatchObject({
      code: 'webauthn_authentication_rejected',
    })
  })

  it('cannot touch someone else’s passkey', async () => {
    const [alice, bob] = [await createUser(), await createUser()]
    await enrol(alice)
    await enrol(alice, new SoftAuthenticator(ORIGIN, RP_ID))
    const alicePasskey = await prisma.passkey.findFirstOrThrow({ where: { userId: alice.id } })
    await expect(removePasskey({ userId: bob.id, sessionId: await proofFor(bob), actor: actorOf(bob), passkeyId: alicePasskey.id })).rejects.toMatchObject({ status: 404 })
  })
})

describe('recovery codes', () => {
  it('are ten, shown once, stored hashed, each good for one recovery that ends with a new passkey', async () => {
    const user = await createUser()
    await enrol(user)
    const codes = await generateRecoveryCodes({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user) })
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    const stored = await prisma.recoveryCode.findMany({ where: { userId: user.id } })
    expect(JSON.stringify(stored)).not.toContain(codes[0]!.replaceAll('-', ''))

    const recovery = await redeemRecoveryCode({ email: user.email.toUpperCase(), code: codes[3]!.toLowerCase(), ip: freshIp(), userAgent: null })
    expect((await getSessionUser(recovery.token))?.session.kind).toBe('recovery')
    await expect(redeemRecoveryCode({ email: user.email, code: codes[3]!, ip: freshIp(), userAgent: null })).rejects.toMatchObject({
      code: 'recovery_code_invalid',
    })

    const newDevice = new SoftAuthenticator(ORIGIN, RP_ID)
    const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
    const full = await finishRecovery({ recoverySessionToken: recovery.token, response: newDevice.register(options) as never, name: 'New phone', ip: null, userAgent: null })
    expect((await getSessionUser(full.token))?.session.kind).toBe('full')
    expect(await getSessionUser(recovery.token)).toBeNull()
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(2)
    expect(await prisma.auditLog.findMany({ where: { targetId: user.id }, select: { action: true }, orderBy: { id: 'asc' } })).toEqual([
      { action: 'recovery_codes.generated' },
      { action: 'recovery.code_used' },
      { action: 'recovery.code_rejected' },
      { action: 'account.recovered' },
    ])
  })

  it('replace the previous set when regenerated', async () => {
    const user = await createUser()
    const first = await generateRecoveryCodes({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user) })
    await generateRecoveryCodes({ userId: user.id, sessionId: await proofFor(user), actor: actorOf(user) })
    await expect(redeemRecoveryCode({ email: user.email, code: first[0]!, ip: freshIp(), userAgent: null })).rejects.toMatchObject({
      code: 'recovery_code_invalid',
    })
    expect(await prisma.recoveryCode.count({ where: { userId: user.id } })).toBe(10)
  })

  it('give the same answer for an unknown email as for a wrong code', async () => {
    const unknown = redeemRecoveryCode({ email: 'nobody@example.test', code: 'AAAA-AAAA-AAAA-AAAA', ip: freshIp(), userAgent: null })
    await expect(unknown).rejects.toMatchObject({ code: 'recovery_code_invalid' })
  })

  it('lock an account after three wrong guesses in fifteen minutes, whatever the IP', async () => {
    const user = await createUser()
    const guesses = [1, 2, 3, 4].map(() =>
      redeemRecoveryCode({ email: user.email, code: 'AAAA-AAAA-AAAA-AAAA', ip: freshIp(), userAgent: null }).catch((e) => e),
    )
    const results = []
    for (const guess of guesses) results.push(await guess)
    expect(results.map((r) => r.code)).toContain('rate_limited')
  })

  it('recovery sessions cannot finish someone else’s recovery', async () => {
    const [alice, bob] = [await createUser(), await createUser()]
    const codes = await generateRecoveryCodes({ userId: alice.id, sessionId: await proofFor(alice), actor: actorOf(alice) })
    const recovery = await redeemRecoveryCode({ email: alice.email, code: codes[0]!, ip: freshIp(), userAgent: null })
    const options = await startPasskeyRegistration({ userId: bob.id, userName: bob.email, displayName: bob.name })
    await expect(
      finishRecovery({ recoverySessionToken: recovery.token, response: new SoftAuthenticator(ORIGIN, RP_ID).register(options) as never, name: 'x', ip: null, userAgent: null }),
    ).rejects.toMatchObject({ code: 'webauthn_registration_rejected' })
    expect(hashToken(recovery.token)).toBeTruthy()
  })
})
