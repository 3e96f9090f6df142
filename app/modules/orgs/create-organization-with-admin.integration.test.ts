import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { action as platformAction } from '~/routes/_app.platform'
import { prisma } from '~/utils/db.server'
import { createUser, sessionCookieFor } from '../../../tests/support/factories'
import { createOrganizationWithAdmin } from './create-organization-with-admin.server'

const baseUrl = 'http://localhost:3000'

async function superAdmin() {
  const user = await createUser({ role: 'super_admin' })
  const actor: UserActor = { type: 'user', userId: user.id, organizationId: user.organizationId, label: user.email, requestId: 'req-platform' }
  return { user, actor }
}

const auditByActor = (actorId: string) => prisma.auditLog.findMany({ where: { actorId }, orderBy: { id: 'asc' } })

describe('creating an organization with its first admin', () => {
  it('creates nothing when the invitation fails, so the same short name can be used again', async () => {
    const { user, actor } = await superAdmin()
    const taken = await createUser()
    const slug = `acme-${randomBytes(3).toString('hex')}`
    const input = { actor, name: 'Acme', slug, environment: 'prod' as const, baseUrl, inviterName: user.name }

    await expect(createOrganizationWithAdmin({ ...input, adminEmail: taken.email })).rejects.toMatchObject({ code: 'email_taken' })
    expect(await prisma.organization.findUnique({ where: { slug } })).toBeNull()
    expect(await auditByActor(user.id)).toEqual([])
    expect(await prisma.invitation.count({ where: { email: taken.email } })).toBe(0)

    const { organization, invitation } = await createOrganizationWithAdmin({ ...input, adminEmail: 'First.Admin@Acme.test' })
    expect(organization).toMatchObject({ name: 'Acme', slug, environment: 'prod' })
    expect(await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({
      organizationId: organization.id,
      email: 'first.admin@acme.test',
      role: 'admin',
      invitedById: user.id,
    })
    expect(await prisma.emailMessage.count({ where: { to: 'first.admin@acme.test', organizationId: organization.id } })).toBe(1)
    // The same two rows as when they were separate steps, both in the new organization's log.
    expect(await auditByActor(user.id)).toEqual([
      expect.objectContaining({ action: 'organization.created', organizationId: organization.id, targetId: organization.id, requestId: 'req-platform' }),
      expect.objectContaining({ action: 'user.invited', organizationId: organization.id, targetId: invitation.id, requestId: 'req-platform' }),
    ])
  })

  it('through the platform page: a refused admin email is a field error and leaves no organization; the retry succeeds', async () => {
    const { user } = await superAdmin()
    const taken = await createUser()
    const cookie = await sessionCookieFor(user.id)
    const slug = `globex-${randomBytes(3).toString('hex')}`
    const submit = (adminEmail: string) =>
      platformAction({
        request: new Request(`${baseUrl}/platform`, {
          method: 'POST',
          headers: { cookie, 'Sec-Fetch-Site': 'same-origin' },
          body: new URLSearchParams({ name: 'Globex', slug, environment: 'sandbox', adminEmail }),
        }),
        params: {},
        context: {},
      })

    const refused = await submit(taken.email)
    if (!('init' in refused)) throw new Error('expected the form back with an error')
    expect(refused.init?.status).toBe(400)
    expect(refused.data.result.error).toEqual({ adminEmail: ['This address already has an esd.quest account.'] })
    expect(await prisma.organization.findUnique({ where: { slug } })).toBeNull()
    expect(await auditByActor(user.id)).toEqual([])

    const created = await submit('ops@globex.test')
    if ('init' in created) throw new Error(`expected success, got ${JSON.stringify(created.data)}`)
    expect(created.message).toBe('Globex created; ops@globex.test is invited as its admin.')
    const organization = await prisma.organization.findUniqueOrThrow({ where: { slug } })
    expect(await prisma.invitation.count({ where: { organizationId: organization.id, email: 'ops@globex.test', role: 'admin' } })).toBe(1)
    expect((await auditByActor(user.id)).map((row) => row.action)).toEqual(['organization.created', 'user.invited'])
  })
})
