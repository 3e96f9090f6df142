import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { functions } from '../../../../inngest/index'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { externalRefsOf } from '~/modules/integrations/external-refs.server'
import { ensureSandboxSenders } from '~/modules/messaging/ensure-sandbox-senders.server'
import { receiveInboundMessage } from '~/modules/messaging/receive-inbound-message.server'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { startFakeGhl, type FakeGhl } from '../../../../tests/fakes/fake-ghl'
import { callApi } from '../../../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../../../tests/support/factories'
import { createLeads, freshNumber } from '../../../../tests/support/leads'
import { requestGoHighLevelPush } from './request-gohighlevel-push.server'
import { saveGoHighLevelSettings } from './save-gohighlevel-settings.server'
import { testGoHighLevelConnection } from './test-gohighlevel-connection.server'

/**
 * Leads pushed to GoHighLevel, end to end: the real adapter over HTTP to the
 * fake GHL (GHL_API_URL), the real job through the in-process runner (its
 * retries with a 10 ms base), the GHL-shaped webhook to the fake's receiver.
 */

let fake: FakeGhl
let runner: InProcessRunner | undefined
const savedUrl = process.env.GHL_API_URL

beforeAll(async () => {
  fake = await startFakeGhl()
  process.env.GHL_API_URL = fake.url
  resetEnv()
})
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.GHL_API_URL
  else process.env.GHL_API_URL = savedUrl
  resetEnv()
  await fake.close()
})
beforeEach(() => {
  fake.contacts.length = 0
  fake.requests.length = 0
  fake.webhooks.length = 0
})
afterEach(async () => {
  await runner?.stop()
  runner = undefined
})

async function drainJobs() {
  runner ??= startInProcessRunner({ functions, pollIntervalMs: 20, retryBaseMs: 10 })
  await runner.drain({ timeoutMs: 60_000 })
}

/** A sandbox organization connected to the fake GHL, with one lead that has a phone. */
async function connected(settings: { pushOnPositiveReply?: boolean; webhook?: boolean } = {}) {
  const org = await createOrganization({ environment: 'sandbox' })
  const actor = systemActor('test', { organizationId: org.id })
  const phone = freshNumber('512')
  const { leads } = await createLeads(org.id, [{ phone }])
  await saveGoHighLevelSettings({
    organizationId: org.id,
    actor,
    input: {
      token: fake.token,
      locationId: fake.locationId,
      inboundWebhookUrl: settings.webhook === false ? undefined : fake.webhookUrl,
      tags: ['esd-quest', 'hot-lead'],
      enabled: true,
      pushOnPositiveReply: settings.pushOnPositiveReply ?? false,
    },
  })
  return { org, actor, phone, lead: leads[0]! }
}

const pushesOf = (organizationId: string) => prisma.goHighLevelPush.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' } })
const upserts = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/contacts/upsert')

describe('an operator pushes a lead to GoHighLevel', () => {
  it('creates the contact, maps its id to the lead, posts the GHL-shaped webhook; a second push updates the same contact', async () => {
    const { org, actor, phone, lead } = await connected()
    const identity = await prisma.identity.update({ where: { id: lead.identityId }, data: { firstName: 'Dana', lastName: 'Reyes', fullName: 'Dana Reyes' } })

    const queued = await requestGoHighLevelPush({ organizationId: org.id, leadId: lead.id, actor, trigger: 'operator' })
    expect(queued).toMatchObject({ status: 'pending', trigger: 'operator', requestedBy: 'test' })
    await drainJobs()

    expect(fake.contacts).toHaveLength(1)
    const contact = fake.contacts[0]!
    expect(contact).toMatchObject({ locationId: fake.locationId, firstName: 'Dana', lastName: 'Reyes', name: 'Dana Reyes', phone, city: 'Austin', state: 'TX', postalCode: '78701', source: 'esd.quest', tags: ['esd-quest', 'hot-lead'] })
    expect(upserts()[0]!.headers).toMatchObject({ authorization: `Bearer ${fake.token}`, version: '2021-07-28' })
    // A number open to texts is not sent `dnd: false`, which would lift a DND GHL recorded itself.
    expect(upserts()[0]!.body).not.toHaveProperty('dnd')
    const [first] = await pushesOf(org.id)
    expect(first).toMatchObject({ status: 'succeeded', contactId: contact.id, contactCreated: true, attempts: 1, error: null, webhookStatus: 200 })
    expect(await externalRefsOf({ organizationId: org.id, entityType: 'lead', entityId: lead.id })).toEqual([
      expect.objectContaining({ system: 'gohighlevel', externalId: contact.id }),
    ])

    expect(fake.webhooks).toHaveLength(1)
    expect(fake.webhooks[0]!.body).toMatchObject({
      first_name: 'Dana',
      last_name: 'Reyes',
      full_name: identity.fullName,
      phone,
      email: '',
      city: 'Austin',
      state: 'TX',
      postal_code: '78701',
      tags: 'esd-quest,hot-lead',
      source: 'esd.quest',
      esd_lead_id: lead.id,
      esd_trigger: 'operator',
      ghl_contact_id: contact.id,
      do_not_text: false,
      last_reply: '',
    })

    // The lead's phone changes in esd.quest: the mapped contact is updated by id, not duplicated.
    await requestGoHighLevelPush({ organizationId: org.id, leadId: lead.id, actor, trigger: 'operator' })
    await drainJobs()
    expect(fake.contacts).toHaveLength(1)
    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/contacts/${contact.id}`])
    expect((await pushesOf(org.id))[1]).toMatchObject({ status: 'succeeded', contactId: contact.id, contactCreated: false })

    const audit = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: { startsWith: 'gohighlevel.' } }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual([
      'gohighlevel.settings_saved',
      'gohighlevel.push_requested',
      'gohighlevel.push_succeeded',
      'gohighlevel.push_requested',
      'gohighlevel.push_succeeded',
    ])
    expect(JSON.stringify(audit.map((a) => a.summary))).not.toContain(fake.token)
  })

  it('marks a lead whose number opted out as do-not-disturb in GHL', async () => {
    const { org, actor, phone, lead } = await connected({ webhook: false })
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone, source: 'test', evidence: { note: 'asked by phone' } })
    await requestGoHighLevelPush({ organizationId: org.id, leadId: lead.id, actor, trigger: 'operator' })
    await drainJobs()
    expect(upserts()[0]!.body).toMatchObject({ phone, dnd: true })
    expect(fake.webhooks).toHaveLength(0)
  })

  it('retries a 500 and a 429 with backoff, then succeeds', async () => {
    const { org, actor, lead } = await connected()
    fake.failNextUpserts({ status: 500 }, { status: 429 })
    await requestGoHighLevelPush({ organizationId: org.id, leadId: lead.id, actor, trigger: 'operator' })
    await drainJobs()
    expect(upserts().map((r) => r.method)).toHaveLength(3)
    expect(await pushesOf(org.id)).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 3, error: null })])
    expect(fake.contacts).toHaveLength(1)
  })

  it('reports a refused token (401) at once, marks the connection failing and refuses the next push until fixed', async () => {
    const { org, actor, lead } = await connected()
    fake.failNextUpserts({ status: 401 })
    await requestGoHighLevelPush({ organizationId: org.id, leadId: lead.id, actor, trigger: 'operator' })
    await drainJobs()
    expect(upserts()).toHaveLength(1)
    const [push] = await pushesOf(org.id)
    expect(push).toMatchObject({ status: 'failed', error: expect.stringContaining('refused the Private Integration token (401') })
    expect(await prisma.goHighLevelIntegration.findUniqueOrThrow({ where: { organizationId: org.id } })).toMatchObject({ status: 'failing' })
    await expect(requestGoHighLevelPush({ organizationId: org.id, leadId: lead.id, actor, trigger: 'operator' })).rejects.toMatchObject({ code: 'gohighlevel_failing', status: 409 })

    // A passing connection test clears it.
    expect(await testGoHighLevelConnection({ organizationId: org.id, actor })).toMatchObject({ ok: true })
    expect(await prisma.goHighLevelIntegration.findUniqueOrThrow({ where: { organizationId: org.id } })).toMatchObject({ status: 'ok', lastError: null })
  })

  it('reports a contact GHL refuses (422) without retrying it', async () => {
    const { org, actor, lead } = await connected()
    fake.failNextUpserts({ status: 422, message: 'phone must be a valid phone number' })
    await requestGoHighLevelPush({ organizationId: org.id, leadId: lead.id, actor, trigger: 'operator' })
    await drainJobs()
    expect(upserts()).toHaveLength(1)
    expect(await pushesOf(org.id)).toEqual([expect.objectContaining({ status: 'failed', error: expect.stringContaining('phone must be a valid phone number') })])
  })

  it('gives up after the retries when GHL keeps answering 503, and records why', async () => {
    const { org, actor, lead } = await connected()
    fake.failNextUpserts(...Array.from({ length: 6 }, () => ({ status: 503 as const })))
    await requestGoHighLevelPush({ organizationId: org.id, leadId: lead.id, actor, trigger: 'operator' })
    await drainJobs()
    expect(upserts()).toHaveLength(6)
    expect(await pushesOf(org.id)).toEqual([expect.objectContaining({ status: 'failed', attempts: 6, error: expect.stringMatching(/^Gave up after 6 attempts: GoHighLevel answered 503/) })])
    expect(fake.contacts).toHaveLength(0)
  })

  it('refuses to push when GoHighLevel is not set up, or turned off', async () => {
    const org = await createOrganization({ environment: 'sandbox' })
    const actor = systemActor('test', { organizationId: org.id })
    const { leads } = await createLeads(org.id, [{ phone: freshNumber('512') }])
    await expect(requestGoHighLevelPush({ organizationId: org.id, leadId: leads[0]!.id, actor, trigger: 'operator' })).rejects.toMatchObject({ code: 'gohighlevel_not_configured' })
    await saveGoHighLevelSettings({ organizationId: org.id, actor, input: { token: fake.token, locationId: fake.locationId, tags: [], enabled: false, pushOnPositiveReply: true } })
    await expect(requestGoHighLevelPush({ organizationId: org.id, leadId: leads[0]!.id, actor, trigger: 'operator' })).rejects.toMatchObject({ code: 'gohighlevel_disabled' })
  })
})

describe('a reply with positive intent', () => {
  async function reply(org: { id: string }, phone: string, body: string) {
    await ensureSandboxSenders({ organizationId: org.id })
    const ours = (await prisma.senderNumber.findFirstOrThrow({ where: { organizationId: org.id } })).e164
    return receiveInboundMessage({ carrierSid: `SMghl${Date.now()}${Math.random()}`, from: phone, to: ours, body })
  }

  it('pushes the conversation’s lead when "push on positive reply" is on, with the reply in the webhook', async () => {
    const { org, phone, lead } = await connected({ pushOnPositiveReply: true })
    const received = await reply(org, phone, 'Yes I am interested, how much would you offer?')
    await drainJobs()
    expect(fake.contacts).toEqual([expect.objectContaining({ phone })])
    expect(await pushesOf(org.id)).toEqual([
      expect.objectContaining({ trigger: 'positive_reply', status: 'succeeded', messageId: received.messageId, leadId: lead.id, requestedBy: 'positive_reply' }),
    ])
    expect(fake.webhooks[0]!.body).toMatchObject({ esd_trigger: 'positive_reply', last_reply: 'Yes I am interested, how much would you offer?' })
  })

  it('does not push when the setting is off', async () => {
    const { org, phone } = await connected({ pushOnPositiveReply: false })
    await reply(org, phone, 'Call me, I am interested')
    await drainJobs()
    expect(await pushesOf(org.id)).toEqual([])
    expect(fake.requests).toEqual([])
  })

  it('never pushes a negative reply or a STOP', async () => {
    const { org, phone } = await connected({ pushOnPositiveReply: true })
    await reply(org, phone, 'Not interested')
    await reply(org, phone, 'Interested? STOP texting me')
    await reply(org, phone, 'STOP')
    await drainJobs()
    expect(await pushesOf(org.id)).toEqual([])
    expect(fake.requests).toEqual([])
  })
})

describe('POST /api/v1/leads/{id}/push/gohighlevel', () => {
  it('queues a push with leads:write and the job pushes it', async () => {
    const { org, lead } = await connected({ webhook: false })
    const { key } = await createApiKeyFor({ organizationId: org.id, scopes: ['leads:write'] })
    const answer = await callApi<{ push: { id: string; status: string; trigger: string; leadId: string } }>({
      method: 'POST',
      path: `/api/v1/leads/${lead.id}/push/gohighlevel`,
      key,
    })
    expect(answer.status).toBe(202)
    expect(answer.body.push).toMatchObject({ status: 'pending', trigger: 'api', leadId: lead.id })
    await drainJobs()
    expect(await prisma.goHighLevelPush.findUniqueOrThrow({ where: { id: answer.body.push.id } })).toMatchObject({ status: 'succeeded' })
    expect(fake.contacts).toHaveLength(1)
  })

  it('answers 404 for another organization’s lead, 403 without the scope, 409 when GHL is not set up', async () => {
    const { lead } = await connected()
    const other = await createOrganization({ environment: 'sandbox' })
    const { key } = await createApiKeyFor({ organizationId: other.id, scopes: ['leads:write'] })
    const crossOrg = await callApi<{ error: { code: string } }>({ method: 'POST', path: `/api/v1/leads/${lead.id}/push/gohighlevel`, key })
    expect(crossOrg.status).toBe(404)
    expect(crossOrg.body.error.code).toBe('lead_not_found')

    const { leads } = await createLeads(other.id, [{ phone: freshNumber('512') }])
    const notSetUp = await callApi<{ error: { code: string } }>({ method: 'POST', path: `/api/v1/leads/${leads[0]!.id}/push/gohighlevel`, key })
    expect(notSetUp.status).toBe(409)
    expect(notSetUp.body.error.code).toBe('gohighlevel_not_configured')

    const { key: readOnly } = await createApiKeyFor({ organizationId: other.id, scopes: ['leads:read'] })
    const noScope = await callApi<{ error: { code: string } }>({ method: 'POST', path: `/api/v1/leads/${leads[0]!.id}/push/gohighlevel`, key: readOnly })
    expect(noScope.status).toBe(403)
    expect(await prisma.goHighLevelPush.count({ where: { leadId: { in: [lead.id, leads[0]!.id] } } })).toBe(0)
  })
})
