import { describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { startPasskeyRegistration } from '~/modules/auth/passkey-registration.server'
import { createSession, getSessionUser } from '~/modules/auth/sessions.server'
import { prisma } from '~/utils/db.server'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { SoftAuthenticator } from '../../../tests/support/soft-authenticator'
import { acceptInvitation } from './accept-invitation.server'
import { changeUserRole } from './change-user-role.server'
import { inspectInvitation } from './invitation-token.server'
import { inviteUser } from './invite-user.server'
import { revokeInvitation } from './revoke-invitation.server'
import { setImpersonation } from './set-impersonation.server'
import { setUserStatus } from './set-user-status.server'
import { startInvitationRegistration } from './start-invitation-registration.server'

const ORIGIN = 'http://localhost:3000'
const baseUrl = ORIGIN
type TestUser = Awaited<ReturnType<typeof createUser>>
const actorOf = (user: TestUser): UserActor => ({ type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email })
const tokenOf = (url: string) => new URL(url).searchParams.get('token')!

async function adminOfNewOrg() {
  const org = await createOrganization()
  return createUser({ organizationId: org.id, role: 'admin' })
}

async function invite(admin: TestUser, email: string, role: 'admin' | 'operator' = 'operator') {
  return inviteUser({ actor: actorOf(admin), organizationId: admin.organizationId, email, role, baseUrl, inviterName: admin.name })
}

describe('invitations', () => {
  it('email a single-use link; accepting registers a passkey, creates the user with the role and signs them in', async () => {
    const admin = await adminOfNewOrg()
    const { url } = await invite(admin, 'New.Operator@Example.test')
    const email = await prisma.emailMessage.findFirstOrThrow({ where: { to: 'new.operator@example.test' } })
    expect(email).toMatchObject({ tag: 'invitation', organizationId: admin.organizationId, carriesSecret: true })
    expect(email.textBody).toContain(url)

    const token = tokenOf(url)
    const options = await startInvitationRegistration({ token, name: 'Nia Operator' })
    const authenticator = new SoftAuthenticator(ORIGIN, 'localhost')
    const { token: sessionToken } = await acceptInvitation({ response: authenticator.register(options) as never, passkeyName: 'Laptop', ip: null, userAgent: null })

    const session = await getSessionUser(sessionToken)
    expect(session?.user).toMatchObject({ name: 'Nia Operator', email: 'new.operator@example.test', role: 'operator', organization: { id: admin.organizationId } })
    expect(session?.user.passkeyCount).toBe(1)
    expect(await inspectInvitation(token)).toEqual({ state: 'accepted' })
    await expect(startInvitationRegistration({ token, name: 'Again' })).rejects.toMatchObject({ code: 'invitation_accepted' })
    expect(
      (await prisma.auditLog.findMany({ where: { organizationId: admin.organizationId }, orderBy: { id: 'asc' }, select: { action: true } })).map((r) => r.action),
    ).toEqual(['user.invited', 'invitation.accepted', 'passkey.registered'])
  })

  it('cannot be accepted twice, even by two browsers at once', async () => {
    const admin = await adminOfNewOrg()
    const token = tokenOf((await invite(admin, 'twice@example.test')).url)
    const [a, b] = [
      await startInvitationRegistration({ token, name: 'A' }),
      await startInvitationRegistration({ token, name: 'B' }),
    ]
    const results = await Promise.allSettled([
      acceptInvitation({ response: new SoftAuthenticator(ORIGIN, 'localhost').register(a) as never, passkeyName: 'a', ip: null, userAgent: null }),
      acceptInvitation({ response: new SoftAuthenticator(ORIGIN, 'localhost').register(b) as never, passkeyName: 'b', ip: null, userAgent: null }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await prisma.user.count({ where: { email: 'twice@example.test' } })).toBe(1)
  })

  it('are refused when withdrawn or expired, and for an address that already has an account', async () => {
    const admin = await adminOfNewOrg()
    const withdrawn = await invite(admin, 'withdrawn@example.test')
    await revokeInvitation({ actor: actorOf(admin), organizationId: admin.organizationId, invitationId: withdrawn.id })
    expect(await inspectInvitation(tokenOf(withdrawn.url))).toEqual({ state: 'revoked' })

    const late = await invite(admin, 'late@example.test')
    await prisma.invitation.update({ where: { id: late.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    await expect(startInvitationRegistration({ token: tokenOf(late.url), name: 'Late' })).rejects.toMatchObject({ code: 'invitation_expired' })

    await expect(invite(admin, admin.email)).rejects.toMatchObject({ code: 'email_taken' })
    await invite(admin, 'pending@example.test')
    await expect(invite(admin, 'pending@example.test')).rejects.toMatchObject({ code: 'already_invited' })
  })

  it('to an address with an account in another organization look like any other, and cannot be accepted', async () => {
    const [admin, elsewhere] = [await adminOfNewOrg(), await createUser()]
    const invitation = await invite(admin, elsewhere.email.toUpperCase())
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({
      organizationId: admin.organizationId,
      email: elsewhere.email,
    })
    // Refused before any passkey is made on the invitee's device.
    await expect(startInvitationRegistration({ token: tokenOf(invitation.url), name: 'Someone' })).rejects.toMatchObject({
      code: 'email_taken',
      message: expect.stringContaining('Sign in instead'),
    })
    expect(await prisma.user.findUniqueOrThrow({ where: { id: elsewhere.id } })).toMatchObject({ organizationId: elsewhere.organizationId })
  })

  it('of another organization cannot be withdrawn: not found', async () => {
    const [mine, theirs] = [await adminOfNewOrg(), await adminOfNewOrg()]
    const invitation = await invite(theirs, 'theirs@example.test')
    await expect(revokeInvitation({ actor: actorOf(mine), organizationId: mine.organizationId, invitationId: invitation.id })).rejects.toMatchObject({ status: 404 })
  })

  it('are not accepted with a registration meant for an existing account', async () => {
    const user = await createUser()
    const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
    await expect(
      acceptInvitation({ response: new SoftAuthenticator(ORIGIN, 'localhost').register(options) as never, passkeyName: 'x', ip: null, userAgent: null }),
    ).rejects.toMatchObject({ code: 'webauthn_registration_rejected' })
  })
})

describe('roles and account status', () => {
  it('an admin changes an operator’s role; the change is audited with before and after', async () => {
    const admin = await adminOfNewOrg()
    const operator = await createUser({ organizationId: admin.organizationId })
    await changeUserRole({ actor: actorOf(admin), organizationId: admin.organizationId, userId: operator.id, role: 'admin' })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: operator.id } })).role).toBe('admin')
    const entry = await prisma.auditLog.findFirstOrThrow({ where: { action: 'user.role_changed', targetId: operator.id } })
    expect(entry.summary).toEqual({ before: { role: 'operator' }, after: { role: 'admin' } })
  })

  it('keeps at least one active admin, and nobody changes their own role or status', async () => {
    const admin = await adminOfNewOrg()
    const other = await createUser({ organizationId: admin.organizationId, role: 'admin' })
    await changeUserRole({ actor: actorOf(admin), organizationId: admin.organizationId, userId: other.id, role: 'operator' })
    await expect(changeUserRole({ actor: actorOf(admin), organizationId: admin.organizationId, userId: admin.id, role: 'operator' })).rejects.toMatchObject({ code: 'own_role' })
    await expect(setUserStatus({ actor: actorOf(admin), organizationId: admin.organizationId, userId: admin.id, status: 'disabled' })).rejects.toMatchObject({ code: 'own_status' })
    // Two admins demoting each other at the same moment: one must fail.
    await changeUserRole({ actor: actorOf(admin), organizationId: admin.organizationId, userId: other.id, role: 'admin' })
    const results = await Promise.allSettled([
      changeUserRole({ actor: actorOf(admin), organizationId: admin.organizationId, userId: other.id, role: 'operator' }),
      changeUserRole({ actor: actorOf(other), organizationId: admin.organizationId, userId: admin.id, role: 'operator' }),
    ])
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1)
    expect(await prisma.user.count({ where: { organizationId: admin.organizationId, role: 'admin' } })).toBe(1)
  })

  it('disabling ends every session of the user at once', async () => {
    const admin = await adminOfNewOrg()
    const operator = await createUser({ organizationId: admin.organizationId })
    const { token } = await createSession({ userId: operator.id })
    await setUserStatus({ actor: actorOf(admin), organizationId: admin.organizationId, userId: operator.id, status: 'disabled' })
    expect(await getSessionUser(token)).toBeNull()
    expect(await prisma.session.count({ where: { userId: operator.id, revokedAt: null } })).toBe(0)
    await setUserStatus({ actor: actorOf(admin), organizationId: admin.organizationId, userId: operator.id, status: 'active' })
    expect(await getSessionUser(token)).toBeNull()
  })

  it('users of another organization are not found', async () => {
    const [mine, theirs] = [await adminOfNewOrg(), await adminOfNewOrg()]
    const target = await createUser({ organizationId: theirs.organizationId })
    await expect(changeUserRole({ actor: actorOf(mine), organizationId: mine.organizationId, userId: target.id, role: 'admin' })).rejects.toMatchObject({ status: 404 })
    await expect(setUserStatus({ actor: actorOf(mine), organizationId: mine.organizationId, userId: target.id, status: 'disabled' })).rejects.toMatchObject({ status: 404 })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('active')
  })
})

describe('impersonation', () => {
  it('lets a super admin act inside another organization, logged in that organization’s audit log', async () => {
    const platform = await createOrganization({ name: 'Platform' })
    const superAdmin = await createUser({ organizationId: platform.id, role: 'super_admin' })
    const customer = await createOrganization({ name: 'Customer' })
    const { token } = await createSession({ userId: superAdmin.id })
    const start = { superAdmin: { id: superAdmin.id, email: superAdmin.email, role: 'super_admin', homeOrganizationId: platform.id }, sessionToken: token, ip: null }

    await setImpersonation({ ...start, organizationId: customer.id })
    const inside = await getSessionUser(token)
    expect(inside?.user).toMatchObject({ impersonating: true, organization: { id: customer.id }, homeOrganization: { id: platform.id } })
    expect(await prisma.auditLog.findFirst({ where: { organizationId: customer.id, action: 'impersonation.started' } })).toMatchObject({
      actorId: superAdmin.id,
      impersonatorId: superAdmin.id,
    })

    await setImpersonation({ ...start, organizationId: null })
    expect((await getSessionUser(token))?.user).toMatchObject({ impersonating: false, organization: { id: platform.id } })
    expect(await prisma.auditLog.count({ where: { organizationId: customer.id, action: 'impersonation.stopped' } })).toBe(1)
  })

  it('is refused to anyone else', async () => {
    const admin = await adminOfNewOrg()
    const other = await createOrganization()
    const { token } = await createSession({ userId: admin.id })
    await expect(
      setImpersonation({ superAdmin: { id: admin.id, email: admin.email, role: 'admin', homeOrganizationId: admin.organizationId }, sessionToken: token, organizationId: other.id, ip: null }),
    ).rejects.toMatchObject({ status: 403 })
    // And a stored value is ignored for a non-super-admin.
    await prisma.session.updateMany({ where: { userId: admin.id }, data: { impersonatedOrganizationId: other.id } })
    expect((await getSessionUser(token))?.user.organization.id).toBe(admin.organizationId)
  })
})
