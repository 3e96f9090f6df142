import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { runWithRequestContext } from '~/utils/request-context.server'
import { createOrganization, createUser } from '../../../tests/support/factories'
import type { Actor } from './actor'
import { systemActor } from './actor'
import { recordAudit, withAudit } from './record-audit.server'

const slug = () => `org-${randomBytes(4).toString('hex')}`

async function userActor(overrides: Partial<Extract<Actor, { type: 'user' }>> = {}): Promise<Actor> {
  const user = await createUser({ role: 'admin' })
  return {
    type: 'user',
    userId: user.id,
    organizationId: user.organizationId,
    label: user.email,
    requestId: 'req-user-action-1',
    ip: '203.0.113.7',
    ...overrides,
  }
}

describe('withAudit', () => {
  it('commits the mutation and its audit row together, with actor, organization, request and IP', async () => {
    const actor = await userActor()
    const newSlug = slug()
    const created = await withAudit({ actor, action: 'organization.created' }, async (tx) => {
      const org = await tx.organization.create({ data: { name: 'Acme', slug: newSlug, environment: 'test' } })
      return { result: org, target: { type: 'organization', id: org.id }, summary: { after: { name: org.name, slug: org.slug } } }
    })
    expect(await prisma.organization.findUnique({ where: { slug: newSlug } })).not.toBeNull()
    const rows = await prisma.auditLog.findMany({ where: { targetId: created.id } })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      organizationId: actor.organizationId,
      actorType: 'user',
      actorId: actor.type === 'user' ? actor.userId : null,
      actorLabel: actor.label,
      action: 'organization.created',
      targetType: 'organization',
      targetId: created.id,
      requestId: 'req-user-action-1',
      ip: '203.0.113.7',
      summary: { after: { name: 'Acme', slug: newSlug } },
    })
  })

  it('leaves neither the mutation nor an audit row when the mutation throws', async () => {
    const actor = await userActor()
    const newSlug = slug()
    await expect(
      withAudit({ actor, action: 'organization.created' }, async (tx) => {
        await tx.organization.create({ data: { name: 'Doomed', slug: newSlug, environment: 'test' } })
        throw new Error('carrier said no')
      }),
    ).rejects.toThrow('carrier said no')
    expect(await prisma.organization.findUnique({ where: { slug: newSlug } })).toBeNull()
    expect(await prisma.auditLog.count({ where: { organizationId: actor.organizationId } })).toBe(0)
  })

  it('rolls the mutation back when the audit row cannot be written', async () => {
    const actor = await userActor()
    const newSlug = slug()
    await expect(
      withAudit({ actor, action: 'organization.created' }, async (tx) => {
        await tx.organization.create({ data: { name: 'Unrecorded', slug: newSlug, environment: 'test' } })
        // Not a uuid: Postgres refuses the audit row after the mutation ran.
        return { result: null, organizationId: 'not-a-uuid' }
      }),
    ).rejects.toThrow()
    expect(await prisma.organization.findUnique({ where: { slug: newSlug } })).toBeNull()
    expect(await prisma.auditLog.count({ where: { organizationId: actor.organizationId } })).toBe(0)
  })

  it('takes the request id from the request context when the actor has none', async () => {
    const org = await createOrganization()
    const actor = systemActor('nightly-dnc-refresh', { organizationId: org.id })
    await runWithRequestContext({ requestId: 'job-run-1234abcd' }, () =>
      withAudit({ actor, action: 'dnc.refreshed' }, async () => ({ result: null, summary: { checked: 12 } })),
    )
    const row = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.id } })
    expect(row).toMatchObject({
      actorType: 'system',
      actorId: null,
      actorLabel: 'nightly-dnc-refresh',
      requestId: 'job-run-1234abcd',
      ip: null,
      summary: { checked: 12 },
    })
  })

  it("prefers the actor's own request id, and records API keys and impersonators", async () => {
    const org = await createOrganization()
    const apiKey: Actor = { type: 'api_key', apiKeyId: 'key-123', organizationId: org.id, label: 'Zapier', requestId: 'req-api-5678' }
    const superAdmin = await createUser({ role: 'super_admin' })
    const impersonated: Actor = {
      type: 'user',
      userId: superAdmin.id,
      organizationId: org.id,
      label: superAdmin.email,
      impersonatorId: superAdmin.id,
    }
    await runWithRequestContext({ requestId: 'req-context-0000' }, async () => {
      await recordAudit(prisma, { actor: apiKey, action: 'lead.created', target: { type: 'lead', id: 'lead-9' } })
      await recordAudit(prisma, { actor: impersonated, action: 'user.role_changed' })
    })
    const rows = await prisma.auditLog.findMany({ where: { organizationId: org.id }, orderBy: { id: 'asc' } })
    expect(rows.map((r) => [r.actorType, r.actorId, r.actorLabel, r.requestId, r.impersonatorId])).toEqual([
      ['api_key', 'key-123', 'Zapier', 'req-api-5678', null],
      ['user', superAdmin.id, superAdmin.email, 'req-context-0000', superAdmin.id],
    ])
  })

  it('stores summaries with secrets redacted and ordinary fields intact', async () => {
    const actor = await userActor()
    await withAudit({ actor, action: 'api_key.created', target: { type: 'api_key', id: 'key-1' } }, async () => ({
      result: null,
      summary: {
        after: { name: 'Zapier', keyPrefix: 'esd_ab12', scopes: ['leads:read'], token: 'esd_ab12_secretvalue', keyHash: 'f00d' },
        carrier: { accountSid: 'AC123', authToken: 'twilio-secret' },
        code: '424242',
      },
    }))
    const row = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: actor.organizationId } })
    expect(row.summary).toEqual({
      after: { name: 'Zapier', keyPrefix: 'esd_ab12', scopes: ['leads:read'], token: '[redacted]', keyHash: '[redacted]' },
      carrier: { accountSid: 'AC123', authToken: '[redacted]' },
      code: '[redacted]',
    })
    expect(JSON.stringify(row.summary)).not.toMatch(/secretvalue|twilio-secret|f00d|424242/)
  })
})
