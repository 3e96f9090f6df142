import { describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { addPasskey } from '~/modules/auth/add-passkey.server'
import { confirmStepUp } from '~/modules/auth/confirm-step-up.server'
import { createSignInLink } from '~/modules/auth/create-sign-in-link.server'
import { endSession } from '~/modules/auth/end-session.server'
import { finishRecovery } from '~/modules/auth/finish-recovery.server'
import { generateRecoveryCodes } from '~/modules/auth/generate-recovery-codes.server'
import { startPasskeyAuthentication } from '~/modules/auth/passkey-authentication.server'
import { startPasskeyRegistration } from '~/modules/auth/passkey-registration.server'
import { redeemRecoveryCode } from '~/modules/auth/redeem-recovery-code.server'
import { redeemRecoveryLink } from '~/modules/auth/redeem-recovery-link.server'
import { removePasskey } from '~/modules/auth/remove-passkey.server'
import { renamePasskey } from '~/modules/auth/rename-passkey.server'
import { revokeAllSessions } from '~/modules/auth/revoke-all-sessions.server'
import { sendRecoveryLink } from '~/modules/auth/send-recovery-link.server'
import { signInWithLink } from '~/modules/auth/sign-in-with-link.server'
import { signInWithPasskey } from '~/modules/auth/sign-in-with-passkey.server'
import { signOut } from '~/modules/auth/sign-out.server'
import { startStepUp } from '~/modules/auth/start-step-up.server'
import { hashToken } from '~/modules/auth/tokens.server'
import { createApiKey } from '~/modules/integrations/create-api-key.server'
import { revokeApiKey } from '~/modules/integrations/revoke-api-key.server'
import { acceptInvitation } from '~/modules/orgs/accept-invitation.server'
import { changeUserRole } from '~/modules/orgs/change-user-role.server'
import { inviteUser } from '~/modules/orgs/invite-user.server'
import { revokeInvitation } from '~/modules/orgs/revoke-invitation.server'
import { setThemePreference } from '~/modules/orgs/set-theme-preference.server'
import { setUserStatus } from '~/modules/orgs/set-user-status.server'
import { startInvitationRegistration } from '~/modules/orgs/start-invitation-registration.server'
import { updateProfile } from '~/modules/orgs/update-profile.server'
import { prisma } from '~/utils/db.server'
import { runWithRequestContext } from '~/utils/request-context.server'
import { createOrganization, createUser, steppedUpSessionFor } from '../support/factories'
import { SoftAuthenticator } from '../support/soft-authenticator'

/**
 * The promise: an admin invites an operator, who registers a
 * passkey, loses it, recovers and registers a new one — and every step of
 * it, like every other mutation, leaves exactly one audit row naming who,
 * in which organization, from which request.
 */
const ORIGIN = 'http://localhost:3000'
const baseUrl = ORIGIN
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!
const latestLink = async (to: string) => {
  // Security notices (no link) go to the same address; the link is in the newest email that carries a secret.
  const email = await prisma.emailMessage.findFirstOrThrow({ where: { to, carriesSecret: true }, orderBy: { createdAt: 'desc' } })
  return /https?:\/\/\S+/.exec(email.textBody ?? '')![0]
}

describe('the audit log', () => {
  it('has one attributed row for every step of invite → passkey → loss → recovery, and for every other mutation', async () => {
    const org = await createOrganization({ name: 'Audited' })
    const admin = await createUser({ organizationId: org.id, role: 'admin' })
    const adminActor: UserActor = { type: 'user', userId: admin.id, organizationId: org.id, label: admin.email, ip: '192.0.2.1' }
    const steps: { action: string; requestId: string; run: () => Promise<unknown> }[] = []
    const step = (action: string, run: () => Promise<unknown>) => steps.push({ action, requestId: `req-${action}-${steps.length}`, run })

    const operatorEmail = 'olivia.operator@example.test'
    let phone = new SoftAuthenticator(ORIGIN, 'localhost')
    let operatorId = ''
    step('user.invited', () => inviteUser({ actor: adminActor, organizationId: org.id, email: operatorEmail, role: 'operator', baseUrl, inviterName: admin.name }))
    step('invitation.accepted', async () => {
      const options = await startInvitationRegistration({ token: tokenOf(await latestLink(operatorEmail)), name: 'Olivia' })
      await acceptInvitation({ response: phone.register(options) as never, passkeyName: 'Phone', ip: '198.51.100.1', userAgent: null })
      operatorId = (await prisma.user.findUniqueOrThrow({ where: { email: operatorEmail } })).id
    })
    const operator = (): UserActor => ({ type: 'user', userId: operatorId, organizationId: org.id, label: operatorEmail })
    // Guarded changes run in a session that confirmed a passkey just now (step-up).
    const proof = async (userId = operatorId) => (await steppedUpSessionFor(userId)).sessionId
    let signedIn = ''
    step('session.signed_in', async () => {
      const { token } = await signInWithPasskey({ response: phone.authenticate(await startPasskeyAuthentication()) as never, ip: '198.51.100.1', userAgent: null })
      signedIn = hashToken(token)
    })
    step('session.passkey_confirmed', async () => {
      const options = await startStepUp({ userId: operatorId, sessionId: signedIn })
      await confirmStepUp({ userId: operatorId, sessionId: signedIn, actor: operator(), response: phone.authenticate(options) as never })
    })
    step('recovery_codes.generated', async () => generateRecoveryCodes({ userId: operatorId, sessionId: signedIn, actor: operator() }))
    step('session.ended', () => endSession({ userId: operatorId, sessionId: signedIn, actor: operator() }))
    // The phone is lost: recovery by email link ends with a new passkey. (The
    // request only queues the work; this is what the queued job runs.)
    step('recovery.link_requested', () => sendRecoveryLink({ email: operatorEmail, baseUrl, ip: '198.51.100.2' }))
    let recoveryToken = ''
    step('recovery.link_used', async () => {
      recoveryToken = (await redeemRecoveryLink({ token: tokenOf(await latestLink(operatorEmail)), ip: '198.51.100.2', userAgent: null })).token
    })
    step('account.recovered', async () => {
      phone = new SoftAuthenticator(ORIGIN, 'localhost')
      const options = await startPasskeyRegistration({ userId: operatorId, userName: operatorEmail, displayName: 'Olivia' })
      await finishRecovery({ recoverySessionToken: recoveryToken, response: phone.register(options) as never, name: 'New phone', ip: '198.51.100.2', userAgent: null })
    })
    step('passkey.registered', async () => {
      const laptop = new SoftAuthenticator(ORIGIN, 'localhost')
      const options = await startPasskeyRegistration({ userId: operatorId, userName: operatorEmail, displayName: 'Olivia' })
      await addPasskey({ userId: operatorId, sessionId: await proof(), actor: operator(), response: laptop.register(options) as never, name: 'Laptop' })
    })
    step('passkey.renamed', async () => {
      const laptop = await prisma.passkey.findFirstOrThrow({ where: { userId: operatorId, name: 'Laptop' } })
      await renamePasskey({ userId: operatorId, actor: operator(), passkeyId: laptop.id, name: 'Work laptop' })
    })
    step('passkey.removed', async () => {
      const laptop = await prisma.passkey.findFirstOrThrow({ where: { userId: operatorId, name: 'Work laptop' } })
      await removePasskey({ userId: operatorId, sessionId: await proof(), actor: operator(), passkeyId: laptop.id })
    })
    step('recovery.code_used', async () => {
      const codes = await generateRecoveryCodes({ userId: operatorId, sessionId: await proof(), actor: operator() })
      await redeemRecoveryCode({ email: operatorEmail, code: codes[0]!, ip: '198.51.100.3', userAgent: null })
    })
    step('user.profile_updated', () => updateProfile({ userId: operatorId, actor: operator(), name: 'Olivia O.' }))
    step('user.theme_changed', () => setThemePreference({ userId: operatorId, actor: operator(), theme: 'dark' }))
    step('session.signed_out', async () => {
      const link = await createSignInLink({ userId: operatorId, baseUrl })
      const { token } = await signInWithLink({ token: tokenOf(link.url), ip: null, userAgent: null })
      await signOut({ sessionToken: token, ip: null })
    })
    step('session.revoked_all', () => revokeAllSessions({ userId: operatorId, actor: operator() }))
    step('user.role_changed', () => changeUserRole({ actor: adminActor, organizationId: org.id, userId: operatorId, role: 'admin' }))
    step('user.disabled', () => setUserStatus({ actor: adminActor, organizationId: org.id, userId: operatorId, status: 'disabled' }))
    step('user.enabled', () => setUserStatus({ actor: adminActor, organizationId: org.id, userId: operatorId, status: 'active' }))
    step('invitation.revoked', async () => {
      const { id } = await inviteUser({ actor: adminActor, organizationId: org.id, email: 'maybe@example.test', role: 'operator', baseUrl, inviterName: admin.name })
      await revokeInvitation({ actor: adminActor, organizationId: org.id, invitationId: id })
    })
    let apiKeyId = ''
    step('api_key.created', async () => {
      apiKeyId = (await createApiKey({ actor: adminActor, sessionId: await proof(admin.id), organizationId: org.id, name: 'CRM sync', scopes: ['leads:read'] })).apiKey.id
    })
    step('api_key.revoked', () => revokeApiKey({ actor: adminActor, organizationId: org.id, apiKeyId }))

    for (const { requestId, run } of steps) await runWithRequestContext({ requestId }, run)

    const rows = await prisma.auditLog.findMany({ where: { organizationId: org.id }, orderBy: { id: 'asc' } })
    for (const { action, requestId } of steps) {
      const row = rows.find((r) => r.action === action && r.requestId === requestId)
      expect({ action, found: Boolean(row) }).toEqual({ action, found: true })
      expect(row!.actorLabel).toMatch(/@example\.test$/)
      expect(row!.organizationId).toBe(org.id)
    }
    // No secret of any kind made it into the log.
    const text = JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))
    expect(text).not.toMatch(/esd_(live|test)_[A-Za-z0-9]{20,}/)
    expect(text).not.toMatch(/token=[\w-]{20,}/)
  })
})
