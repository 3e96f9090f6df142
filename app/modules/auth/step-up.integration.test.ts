import { describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { createApiKey } from '~/modules/integrations/create-api-key.server'
import { prisma } from '~/utils/db.server'
import { createUser } from '../../../tests/support/factories'
import { SoftAuthenticator } from '../../../tests/support/soft-authenticator'
import { addPasskey } from './add-passkey.server'
import { confirmStepUp } from './confirm-step-up.server'
import { createSignInLink } from './create-sign-in-link.server'
import { generateRecoveryCodes } from './generate-recovery-codes.server'
import { startPasskeyAuthentication } from './passkey-authentication.server'
import { startPasskeyRegistration } from './passkey-registration.server'
import { removePasskey } from './remove-passkey.server'
import { createSession } from './sessions.server'
import { signInWithLink } from './sign-in-with-link.server'
import { signInWithPasskey } from './sign-in-with-passkey.server'
import { startAddingPasskey } from './start-adding-passkey.server'
import { startStepUp } from './start-step-up.server'
import { STEP_UP_WINDOW_MS } from './step-up'
import { hashToken } from './tokens.server'

const ORIGIN = 'http://localhost:3000'
const RP_ID = 'localhost'
const CHROME_ON_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

type TestUser = Awaited<ReturnType<typeof createUser>>
const actorOf = (user: TestUser, ip = '203.0.113.50'): UserActor => ({
  type: 'user',
  userId: user.id,
  organizationId: user.organizationId,
  label: user.email,
  ip,
})

let ipCounter = 0
const freshIp = () => `198.51.100.${++ipCounter}`

/**
 * A user with one passkey (registered by signing in with a one-time link,
 * as a new account does) and a session opened by signing in with it.
 */
async function userWithPasskey(role: 'admin' | 'operator' = 'operator') {
  const user = await createUser({ role })
  const phone = new SoftAuthenticator(ORIGIN, RP_ID)
  const link = await createSignInLink({ userId: user.id, baseUrl: ORIGIN })
  const linkSession = await signInWithLink({ token: new URL(link.url).searchParams.get('token')!, ip: null, userAgent: null })
  const options = await startAddingPasskey({ user, sessionId: hashToken(linkSession.token) })
  await addPasskey({ userId: user.id, sessionId: hashToken(linkSession.token), actor: actorOf(user), response: phone.register(options) as never, name: 'Phone' })
  const { token } = await signInWithPasskey({
    response: phone.authenticate(await startPasskeyAuthentication()) as never,
    ip: freshIp(),
    userAgent: CHROME_ON_MAC,
  })
  return { user, phone, sessionId: hashToken(token) }
}

/** Moves the session's last passkey proof into the past. */
const proofAged = (sessionId: string, ms: number) =>
  prisma.session.update({ where: { id: sessionId }, data: { passkeyVerifiedAt: new Date(Date.now() - ms) } })

const STALE = STEP_UP_WINDOW_MS + 1000

/** The four guarded changes, each in the given session. */
function guardedChanges(user: TestUser, sessionId: string) {
  return {
    addPasskey: async () => {
      const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
      return addPasskey({ userId: user.id, sessionId, actor: actorOf(user), response: new SoftAuthenticator(ORIGIN, RP_ID).register(options) as never, name: 'Laptop' })
    },
    removePasskey: async () => {
      const passkey = await prisma.passkey.findFirstOrThrow({ where: { userId: user.id } })
      return removePasskey({ userId: user.id, sessionId, actor: actorOf(user), passkeyId: passkey.id })
    },
    generateRecoveryCodes: () => generateRecoveryCodes({ userId: user.id, sessionId, actor: actorOf(user) }),
    createApiKey: () => createApiKey({ organizationId: user.organizationId, actor: actorOf(user), sessionId, name: 'CRM', scopes: ['leads:read'] }),
  }
}

const state = async (user: TestUser) => ({
  passkeys: await prisma.passkey.count({ where: { userId: user.id } }),
  recoveryCodes: await prisma.recoveryCode.count({ where: { userId: user.id } }),
  apiKeys: await prisma.apiKey.count({ where: { organizationId: user.organizationId } }),
  notices: await prisma.emailMessage.count({ where: { to: user.email, tag: 'security-notice' } }),
})

describe('step-up: a passkey confirmed in the last 5 minutes', () => {
  it('a passkey sign-in is a fresh proof: every guarded change goes through', async () => {
    const { user, sessionId } = await userWithPasskey('admin')
    const changes = guardedChanges(user, sessionId)
    await changes.addPasskey()
    await changes.generateRecoveryCodes()
    await changes.createApiKey()
    await changes.removePasskey()
    expect(await state(user)).toMatchObject({ passkeys: 1, recoveryCodes: 10, apiKeys: 1 })
  })

  it('a proof 5 minutes and 1 second old is refused with step_up_required, and nothing changes', async () => {
    const { user, sessionId } = await userWithPasskey('admin')
    await proofAged(sessionId, STALE)
    const before = await state(user)
    for (const [name, change] of Object.entries(guardedChanges(user, sessionId))) {
      await expect(change(), name).rejects.toMatchObject({ code: 'step_up_required', status: 401 })
    }
    await expect(startAddingPasskey({ user, sessionId })).rejects.toMatchObject({ code: 'step_up_required' })
    expect(await state(user)).toEqual(before)

    // Just inside the window it is still good.
    await proofAged(sessionId, STEP_UP_WINDOW_MS - 5000)
    await expect(guardedChanges(user, sessionId).generateRecoveryCodes()).resolves.toHaveLength(10)
  })

  it('is per session: another session of the same user, or someone else’s fresh session, proves nothing', async () => {
    const { user, sessionId } = await userWithPasskey()
    const other = await createSession({ userId: user.id })
    await expect(guardedChanges(user, hashToken(other.token)).generateRecoveryCodes()).rejects.toMatchObject({ code: 'step_up_required' })
    const mallory = await userWithPasskey()
    await expect(guardedChanges(user, mallory.sessionId).generateRecoveryCodes()).rejects.toMatchObject({ code: 'step_up_required' })
    await expect(guardedChanges(user, sessionId).generateRecoveryCodes()).resolves.toHaveLength(10)
  })

  it('is renewed by confirming with one of the user’s own passkeys, in this session', async () => {
    const { user, phone, sessionId } = await userWithPasskey()
    await proofAged(sessionId, STALE)

    const options = await startStepUp({ userId: user.id, sessionId })
    const ownIds = (await prisma.passkey.findMany({ where: { userId: user.id }, select: { id: true } })).map((p) => p.id)
    expect(options.allowCredentials?.map((c) => c.id)).toEqual(ownIds)
    expect(options.userVerification).toBe('required')

    const { passkeyVerifiedAt } = await confirmStepUp({ userId: user.id, sessionId, actor: actorOf(user), response: phone.authenticate(options) as never })
    expect((await prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).passkeyVerifiedAt).toEqual(passkeyVerifiedAt)
    expect(await prisma.auditLog.findFirst({ where: { action: 'session.passkey_confirmed', actorId: user.id } })).toMatchObject({
      targetType: 'passkey',
      targetId: ownIds[0],
    })
    await expect(guardedChanges(user, sessionId).generateRecoveryCodes()).resolves.toHaveLength(10)
  })

  it('refuses another user’s passkey, even answering this user’s challenge', async () => {
    const { user, sessionId } = await userWithPasskey()
    const mallory = await userWithPasskey()
    await proofAged(sessionId, STALE)

    const options = await startStepUp({ userId: user.id, sessionId })
    await expect(
      confirmStepUp({ userId: user.id, sessionId, actor: actorOf(user), response: mallory.phone.authenticate(options) as never }),
    ).rejects.toMatchObject({ code: 'webauthn_step_up_rejected', message: expect.stringContaining('not one of your passkeys') })
    await expect(guardedChanges(user, sessionId).generateRecoveryCodes()).rejects.toMatchObject({ code: 'step_up_required' })
  })

  it('refuses a replayed answer, a challenge of another session, and a sign-in challenge', async () => {
    const { user, phone, sessionId } = await userWithPasskey()
    const confirm = (session: string, response: unknown) =>
      confirmStepUp({ userId: user.id, sessionId: session, actor: actorOf(user), response: response as never })

    const response = phone.authenticate(await startStepUp({ userId: user.id, sessionId }))
    await confirm(sessionId, response)
    await proofAged(sessionId, STALE)
    await expect(confirm(sessionId, response)).rejects.toMatchObject({ code: 'webauthn_challenge_unknown' })

    // A challenge issued to another session (say, a stolen cookie's) cannot be answered here.
    const elsewhere = hashToken((await createSession({ userId: user.id })).token)
    const foreign = phone.authenticate(await startStepUp({ userId: user.id, sessionId: elsewhere }))
    await expect(confirm(sessionId, foreign)).rejects.toMatchObject({ code: 'webauthn_step_up_rejected' })

    // Nor is a sign-in challenge a step-up challenge.
    const signIn = phone.authenticate(await startPasskeyAuthentication())
    await expect(confirm(sessionId, signIn)).rejects.toMatchObject({ code: 'webauthn_challenge_unknown' })

    await expect(guardedChanges(user, sessionId).generateRecoveryCodes()).rejects.toMatchObject({ code: 'step_up_required' })
  })
})

describe('step-up for an account without a passkey (docs/decisions/012)', () => {
  async function signedInByLink(user: TestUser) {
    const link = await createSignInLink({ userId: user.id, baseUrl: ORIGIN })
    const { token } = await signInWithLink({ token: new URL(link.url).searchParams.get('token')!, ip: freshIp(), userAgent: null })
    return hashToken(token)
  }

  it('lets the first passkey be added within 5 minutes of a one-time-link sign-in', async () => {
    const user = await createUser()
    const sessionId = await signedInByLink(user)
    await guardedChanges(user, sessionId).addPasskey()
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(1)
    // Registering is no assertion: the next change asks for a passkey check.
    await expect(guardedChanges(user, sessionId).addPasskey()).rejects.toMatchObject({ code: 'step_up_required' })
  })

  it('refuses the first passkey from a session signed in more than 5 minutes ago (a stolen session)', async () => {
    const user = await createUser()
    const sessionId = await signedInByLink(user)
    await prisma.session.update({ where: { id: sessionId }, data: { createdAt: new Date(Date.now() - STALE) } })
    await expect(guardedChanges(user, sessionId).addPasskey()).rejects.toMatchObject({ code: 'first_passkey_window_passed', status: 403 })
    await expect(startAddingPasskey({ user, sessionId })).rejects.toMatchObject({ code: 'first_passkey_window_passed' })
    expect(await prisma.passkey.count({ where: { userId: user.id } })).toBe(0)
  })

  it('asks for a passkey first before anything else guarded', async () => {
    const user = await createUser({ role: 'admin' })
    const sessionId = await signedInByLink(user)
    await expect(guardedChanges(user, sessionId).generateRecoveryCodes()).rejects.toMatchObject({ code: 'passkey_required', status: 403 })
    await expect(guardedChanges(user, sessionId).createApiKey()).rejects.toMatchObject({ code: 'passkey_required' })
    await expect(startStepUp({ userId: user.id, sessionId })).rejects.toMatchObject({ code: 'passkey_required' })
  })

  it('never accepts a recovery session: it only finishes its own recovery', async () => {
    const { user } = await userWithPasskey()
    const recovery = await createSession({ userId: user.id, kind: 'recovery' })
    await prisma.session.update({ where: { id: hashToken(recovery.token) }, data: { passkeyVerifiedAt: new Date() } })
    await expect(guardedChanges(user, hashToken(recovery.token)).generateRecoveryCodes()).rejects.toMatchObject({ code: 'step_up_required' })
  })
})

describe('security notices', () => {
  it('email the user after each change: what, when, from which device and IP, and what to do; never a secret', async () => {
    const { user, sessionId } = await userWithPasskey('admin')
    const changes = guardedChanges(user, sessionId)
    const since = new Date()
    await changes.addPasskey()
    const codes = await changes.generateRecoveryCodes()
    const { key } = await changes.createApiKey()
    await changes.removePasskey()

    const notices = await prisma.emailMessage.findMany({
      where: { to: user.email, tag: 'security-notice', createdAt: { gte: since } },
      orderBy: { createdAt: 'asc' },
    })
    expect(notices.map((n) => n.subject)).toEqual([
      'A passkey was added to your esd.quest account',
      'New recovery codes were made for your esd.quest account',
      `A new API key was created for ${user.organization.name}`,
      'A passkey was removed from your esd.quest account',
    ])
    for (const notice of notices) {
      expect(notice.carriesSecret).toBe(false)
      expect(notice.textBody).toMatch(/^When: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/m)
      expect(notice.textBody).toContain('From: Chrome on macOS, IP address 203.0.113.50')
      expect(notice.textBody).toContain('If it was not you, someone else may be signed in as you')
      expect(notice.textBody).toContain('http://localhost:3000/account')
      for (const code of codes) expect(notice.textBody).not.toContain(code)
      expect(notice.textBody).not.toContain(key.slice(13))
    }
    expect(notices[0]?.textBody).toContain('A new passkey, “Laptop”, can now sign in to your account.')
    expect(notices[2]?.textBody).toContain('Revoke the key under Settings › API keys')
    expect(notices[3]?.textBody).toMatch(/The passkey “(Phone|Laptop)” can no longer sign in to your account\. \d+ sessions were ended\./)
  })

  it('are not sent when the change is refused', async () => {
    const { user, sessionId } = await userWithPasskey()
    await proofAged(sessionId, STALE)
    const before = await prisma.emailMessage.count({ where: { to: user.email, tag: 'security-notice' } })
    await expect(guardedChanges(user, sessionId).generateRecoveryCodes()).rejects.toMatchObject({ code: 'step_up_required' })
    expect(await prisma.emailMessage.count({ where: { to: user.email, tag: 'security-notice' } })).toBe(before)
  })
})
