import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { leadFilter } from '~/modules/leads/lead-filter'
import { saveLeadFilter } from '~/modules/leads/saved-lead-filters.server'
import { createTemplate } from '~/modules/templates/save-template.server'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../tests/support/factories'
import { createLeads, freshNumber, sendClockAt } from '../../tests/support/leads'

/**
 * The campaigns and crusades API: an external system makes a draft from a
 * saved filter and a template, dry-runs and previews it, launches it (its
 * audience snapshotted), pauses, resumes and cancels it, groups campaigns in
 * a crusade and reads their rollup — and never sees another organization's.
 * Every answer is checked against the OpenAPI document (callApi).
 */

let restoreClock: () => void
beforeAll(() => {
  // 19:00 UTC: inside every US recipient's quiet-hours window.
  restoreClock = sendClockAt(19, resetEnv)
})
afterAll(() => restoreClock())

type Counts = { audience: number; queued: number; blocked: number; sent: number; canceled: number; blockedByReason: { reason: string; count: number }[] }
type Campaign = {
  id: string
  name: string
  status: string
  crusade: { id: string; name: string } | null
  savedFilter: { id: string; name: string } | null
  filter: Record<string, unknown> | null
  templates: { id: string; name: string }[]
  schedule: { throttlePerMinute: number; timeZone: string }
  pausedReason: string | null
  batchId: string | null
  counts: Counts
  launchedAt: string | null
  cancelledAt: string | null
}
type Crusade = { id: string; name: string; schedule: { throttlePerMinute: number }; campaigns: { id: string; status: string; counts: Counts }[]; rollup: Counts }
type ApiError = { error: { code: string; message: string; details?: { fields?: { path: string; message: string }[]; fieldErrors?: Record<string, string>; problems?: string[]; status?: string } } }

const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], windowStart: '00:00', windowEnd: '23:59', timeZone: 'UTC' }
const BODY = '{Hi|Hello} {first_name|there}, {sender_name} with {company_name} here. Selling {property_address}? Reply STOP to opt out.'

/**
 * A sandbox organization with a key, four tagged leads (two texted fine, one
 * opted out, one without a phone), a saved filter of them and a two-variant
 * template.
 */
async function organization(scopes = ['campaigns:read', 'campaigns:write']) {
  const org = await createOrganization({ environment: 'sandbox' })
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes })
  const actor = systemActor('test', { organizationId: org.id })
  const optedOut = freshNumber('512')
  const { leads } = await createLeads(org.id, [{ phone: freshNumber('512') }, { phone: freshNumber('512') }, { phone: optedOut }, { phone: null }])
  await prisma.lead.updateMany({ where: { id: { in: leads.map((l) => l.id) } }, data: { tags: ['spring'] } })
  await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: optedOut, source: 'test', evidence: {} })
  const filter = await saveLeadFilter({ organizationId: org.id, actor, name: 'Spring leads', filter: leadFilter.parse({ tag: 'spring' }) })
  const template = await createTemplate({ organizationId: org.id, actor, input: { name: 'Intro', body: BODY, firstContact: true } })
  const input = (overrides: Record<string, unknown> = {}) => ({
    name: 'Spring sellers',
    savedFilterId: filter.id,
    templateIds: [template.id],
    senderName: 'Sam',
    throttlePerMinute: 6000,
    ...ALWAYS,
    ...overrides,
  })
  return { org, key, actor, leads, filter, template, input }
}

const create = (key: string, json: unknown) => callApi<{ campaign: Campaign }>({ method: 'POST', path: '/api/v1/campaigns', key, json })
const move = (key: string, id: string, action: string, json?: unknown) =>
  callApi<{ campaign: Campaign } & ApiError>({ method: 'POST', path: `/api/v1/campaigns/${id}/${action}`, key, ...(action === 'pause' ? { json: json ?? {} } : {}) })

describe('the campaigns API', () => {
  it('creates a draft (201, Location, audited), refuses bad input with its reasons, and reads, lists and changes it', async () => {
    const { org, key, filter, template, input } = await organization()
    const created = await create(key, input())
    expect(created.status).toBe(201)
    const id = created.body.campaign.id
    expect(created.headers.get('Location')).toBe(`/api/v1/campaigns/${id}`)
    expect(created.body.campaign).toMatchObject({
      name: 'Spring sellers',
      status: 'draft',
      crusade: null,
      savedFilter: { id: filter.id, name: 'Spring leads' },
      filter: { tag: 'spring' },
      templates: [{ id: template.id, name: 'Intro' }],
      batchId: null,
      launchedAt: null,
      counts: { audience: 0, queued: 0, sent: 0 },
    })
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'campaign.created', targetId: id } })).toBe(1)

    // The schema: a window that ends before it starts, an unknown field.
    const backwards = await callApi<ApiError>({ method: 'POST', path: '/api/v1/campaigns', key, json: input({ windowStart: '18:00', windowEnd: '09:00' }) })
    expect(backwards.status).toBe(400)
    expect(backwards.body.error.code).toBe('invalid_body')
    expect(backwards.body.error.details?.fields?.map((f) => f.path)).toEqual(['windowEnd'])
    expect((await callApi<ApiError>({ method: 'POST', path: '/api/v1/campaigns', key, json: input({ colour: 'red' }) })).body.error.code).toBe('invalid_body')
    // What it points at must be the organization's.
    const other = await organization()
    const foreign = await callApi<ApiError>({ method: 'POST', path: '/api/v1/campaigns', key, json: input({ name: 'Foreign', savedFilterId: randomUUID(), templateIds: [other.template.id] }) })
    expect(foreign.status).toBe(422)
    expect(foreign.body.error.code).toBe('invalid_campaign')
    expect(Object.keys(foreign.body.error.details?.fieldErrors ?? {}).sort()).toEqual(['savedFilterId', 'templateIds'])
    const taken = await callApi<ApiError>({ method: 'POST', path: '/api/v1/campaigns', key, json: input() })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('campaign_name_taken')
    expect(await prisma.campaign.count({ where: { organizationId: org.id } })).toBe(1)

    const read = await callApi<{ campaign: Campaign }>({ path: `/api/v1/campaigns/${id}`, key })
    expect(read.status).toBe(200)
    expect(read.body.campaign).toEqual(created.body.campaign)

    const second = await create(key, input({ name: 'Second' }))
    const first = await callApi<{ data: Campaign[]; nextCursor: string | null }>({ path: '/api/v1/campaigns?limit=1', key })
    expect(first.body.data.map((c) => c.id)).toEqual([second.body.campaign.id])
    const next = await callApi<{ data: Campaign[]; nextCursor: string | null }>({ path: `/api/v1/campaigns?limit=1&cursor=${first.body.nextCursor}`, key })
    expect(next.body).toMatchObject({ data: [{ id }], nextCursor: null })
    expect((await callApi<{ data: Campaign[] }>({ path: '/api/v1/campaigns?status=running', key })).body.data).toEqual([])
    expect((await callApi<ApiError>({ path: '/api/v1/campaigns?status=sideways', key })).status).toBe(400)

    const changed = await callApi<{ campaign: Campaign }>({ method: 'PUT', path: `/api/v1/campaigns/${id}`, key, json: input({ name: 'Renamed', throttlePerMinute: 60, timeZone: 'America/Chicago' }) })
    expect(changed.status).toBe(200)
    expect(changed.body.campaign).toMatchObject({ id, name: 'Renamed', status: 'draft', schedule: { throttlePerMinute: 60, timeZone: 'America/Chicago' } })

    // A draft is deleted; then it is not there.
    const deleted = await callApi({ method: 'DELETE', path: `/api/v1/campaigns/${second.body.campaign.id}`, key })
    expect(deleted.status).toBe(204)
    const gone = await callApi<ApiError>({ path: `/api/v1/campaigns/${second.body.campaign.id}`, key })
    expect(gone.status).toBe(404)
    expect(gone.body.error.code).toBe('campaign_not_found')
  })

  it('dry-runs and previews a draft, launches a snapshot once, and pauses, resumes and cancels it only from the states that allow it', async () => {
    const { org, key, leads, input } = await organization()
    const id = (await create(key, input())).body.campaign.id

    const dryRun = await callApi<{ audience: number; allowed: number; registryCheckAtLaunch: number; blocked: { reason: string; count: number }[]; firstWindowAt: string | null }>({
      method: 'POST',
      path: `/api/v1/campaigns/${id}/dry-run`,
      key,
    })
    expect(dryRun.status).toBe(200)
    expect(dryRun.body.audience).toBe(4)
    expect(dryRun.body.blocked.map((b) => [b.reason, b.count]).sort()).toEqual([
      ['no_phone', 1],
      ['opted_out', 1],
    ])
    // The two others pass the gate: sent, or checked against the national registry at launch.
    expect(dryRun.body.allowed + dryRun.body.registryCheckAtLaunch).toBe(2)
    expect(dryRun.body.firstWindowAt).toEqual(expect.any(String))
    expect(await prisma.sendQueueItem.count({ where: { organizationId: org.id } })).toBe(0)

    const preview = await callApi<{ data: { variant: number; lead: { id: string } | null; text: string; segments: number; missing: string[] }[] }>({ path: `/api/v1/campaigns/${id}/preview`, key })
    expect(preview.status).toBe(200)
    expect(preview.body.data.map((p) => p.variant)).toEqual([0, 1])
    for (const p of preview.body.data) {
      expect(leads.map((l) => l.id)).toContain(p.lead?.id)
      expect(p.text).toMatch(new RegExp(`^(Hi|Hello) there, Sam with ${org.name} here\\. Selling \\d+ Main St\\? Reply STOP to opt out\\.$`))
      expect(p.missing).toEqual([])
    }

    // Launch, with an Idempotency-Key: a retry of the same request gets the same answer, not a 409.
    const idempotencyKey = randomUUID()
    const launched = await callApi<{ campaign: Campaign }>({ method: 'POST', path: `/api/v1/campaigns/${id}/launch`, key, headers: { 'Idempotency-Key': idempotencyKey } })
    expect(launched.status).toBe(200)
    expect(launched.body.campaign).toMatchObject({ status: 'running', counts: { audience: 4 }, batchId: expect.any(String), launchedAt: expect.any(String) })
    const retried = await callApi<{ campaign: Campaign }>({ method: 'POST', path: `/api/v1/campaigns/${id}/launch`, key, headers: { 'Idempotency-Key': idempotencyKey } })
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true')
    expect(retried.body).toEqual(launched.body)
    expect(await prisma.campaignAudience.count({ where: { campaignId: id } })).toBe(4)

    const again = await move(key, id, 'launch')
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('campaign_not_draft')
    const frozen = await callApi<ApiError>({ method: 'PUT', path: `/api/v1/campaigns/${id}`, key, json: input({ name: 'Too late' }) })
    expect([frozen.status, frozen.body.error.code]).toEqual([409, 'campaign_not_draft'])
    const kept = await callApi<ApiError>({ method: 'DELETE', path: `/api/v1/campaigns/${id}`, key })
    expect([kept.status, kept.body.error.code]).toEqual([409, 'campaign_not_draft'])

    const notPaused = await move(key, id, 'resume')
    expect(notPaused.status).toBe(409)
    expect(notPaused.body.error).toMatchObject({ code: 'campaign_wrong_state', details: { status: 'running' } })

    const paused = await move(key, id, 'pause', { reason: 'Checking the replies' })
    expect(paused.status).toBe(200)
    expect(paused.body.campaign).toMatchObject({ status: 'paused', pausedReason: 'Checking the replies' })
    expect((await move(key, id, 'pause')).body.error.code).toBe('campaign_wrong_state')
    const tooLong = await move(key, id, 'pause', { reason: 'x'.repeat(501) })
    expect([tooLong.status, tooLong.body.error.code]).toEqual([400, 'invalid_body'])

    const resumed = await move(key, id, 'resume')
    expect(resumed.status).toBe(200)
    expect(resumed.body.campaign).toMatchObject({ status: 'running', pausedReason: null })
    // Without a reason, the pause names who paused it.
    expect((await move(key, id, 'pause')).body.campaign.pausedReason).toMatch(/^Paused by /)

    const cancelled = await move(key, id, 'cancel')
    expect(cancelled.status).toBe(200)
    expect(cancelled.body.campaign).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String), counts: { audience: 4 } })
    for (const action of ['cancel', 'pause', 'resume']) {
      const refused = await move(key, id, action)
      expect([action, refused.status, refused.body.error.code]).toEqual([action, 409, 'campaign_wrong_state'])
    }
    const actions = (await prisma.auditLog.findMany({ where: { organizationId: org.id, targetId: id }, orderBy: { createdAt: 'asc' } })).map((a) => a.action)
    expect(actions).toEqual(['campaign.created', 'campaign.launched', 'campaign.paused', 'campaign.resumed', 'campaign.paused', 'campaign.cancelled'])
    expect((await callApi<{ data: Campaign[] }>({ path: '/api/v1/campaigns?status=cancelled', key })).body.data.map((c) => c.id)).toEqual([id])
  })

  it('refuses to launch a campaign that cannot send, saying why, and leaves it a draft', async () => {
    const { org, key, actor, input } = await organization()
    const risky = await createTemplate({ organizationId: org.id, actor, input: { name: 'No opt-out', body: 'Hi {first_name|there}, selling {property_address}?', firstContact: true } })
    const id = (await create(key, input({ templateIds: [risky.id] }))).body.campaign.id
    const refused = await move(key, id, 'launch')
    expect(refused.status).toBe(422)
    expect(refused.body.error.code).toBe('campaign_not_ready')
    expect(refused.body.error.details?.problems?.join(' ')).toMatch(/No opt-out/)
    expect((await callApi<{ campaign: Campaign }>({ path: `/api/v1/campaigns/${id}`, key })).body.campaign).toMatchObject({ status: 'draft', batchId: null })
  })

  it('needs campaigns:read to read and campaigns:write to change or launch, and never shows another organization’s campaign', async () => {
    const { key, input } = await organization()
    const id = (await create(key, input())).body.campaign.id

    const { key: reader } = await createApiKeyFor({ organizationId: (await prisma.campaign.findUniqueOrThrow({ where: { id } })).organizationId, scopes: ['campaigns:read'] })
    expect((await callApi({ path: `/api/v1/campaigns/${id}`, key: reader })).status).toBe(200)
    expect((await callApi({ path: `/api/v1/campaigns/${id}/preview`, key: reader })).status).toBe(200)
    for (const action of ['launch', 'dry-run', 'cancel']) {
      const refused = await callApi<ApiError>({ method: 'POST', path: `/api/v1/campaigns/${id}/${action}`, key: reader })
      expect([action, refused.status, refused.body.error.code]).toEqual([action, 403, 'insufficient_scope'])
    }
    expect((await callApi({ method: 'POST', path: '/api/v1/campaigns', key: reader, json: input({ name: 'No' }) })).status).toBe(403)
    expect((await callApi({ method: 'DELETE', path: `/api/v1/campaigns/${id}`, key: reader })).status).toBe(403)
    const { key: none } = await createApiKeyFor({ scopes: ['messages:read'] })
    expect((await callApi({ path: '/api/v1/campaigns', key: none })).status).toBe(403)

    const other = await organization()
    for (const call of [
      { path: `/api/v1/campaigns/${id}` },
      { path: `/api/v1/campaigns/${id}/preview` },
      { method: 'POST', path: `/api/v1/campaigns/${id}/dry-run` },
      { method: 'POST', path: `/api/v1/campaigns/${id}/launch` },
      { method: 'POST', path: `/api/v1/campaigns/${id}/cancel` },
      { method: 'PUT', path: `/api/v1/campaigns/${id}`, json: other.input() },
      { method: 'DELETE', path: `/api/v1/campaigns/${id}` },
    ]) {
      const foreign = await callApi<ApiError>({ ...call, key: other.key })
      expect([call.method ?? 'GET', call.path, foreign.status, foreign.body.error.code]).toEqual([call.method ?? 'GET', call.path, 404, 'campaign_not_found'])
    }
    expect((await callApi<{ data: Campaign[] }>({ path: '/api/v1/campaigns', key: other.key })).body.data).toEqual([])
    expect((await callApi<{ campaign: Campaign }>({ path: `/api/v1/campaigns/${id}`, key })).body.campaign.status).toBe('draft')
  })
})

describe('the crusades API', () => {
  it('creates a crusade, puts campaigns in it and rolls their counts up; lists, changes it and keeps organizations apart', async () => {
    const { key, input } = await organization()
    const created = await callApi<{ crusade: Crusade }>({ method: 'POST', path: '/api/v1/crusades', key, json: { name: 'Q1 sellers', ...ALWAYS, throttlePerMinute: 60 } })
    expect(created.status).toBe(201)
    const crusadeId = created.body.crusade.id
    expect(created.headers.get('Location')).toBe(`/api/v1/crusades/${crusadeId}`)
    expect(created.body.crusade).toMatchObject({ name: 'Q1 sellers', schedule: { throttlePerMinute: 60 }, campaigns: [], rollup: { audience: 0 } })
    const taken = await callApi<ApiError>({ method: 'POST', path: '/api/v1/crusades', key, json: { name: 'Q1 sellers', ...ALWAYS, throttlePerMinute: 60 } })
    expect([taken.status, taken.body.error.code]).toEqual([409, 'crusade_name_taken'])

    const first = (await create(key, input({ name: 'First', crusadeId }))).body.campaign
    const second = (await create(key, input({ name: 'Second', crusadeId }))).body.campaign
    await create(key, input({ name: 'Alone' }))
    expect(first.crusade).toEqual({ id: crusadeId, name: 'Q1 sellers' })
    expect((await move(key, first.id, 'launch')).body.campaign.counts.audience).toBe(4)
    expect((await move(key, second.id, 'launch')).body.campaign.counts.audience).toBe(4)

    const read = await callApi<{ crusade: Crusade }>({ path: `/api/v1/crusades/${crusadeId}`, key })
    expect(read.status).toBe(200)
    expect(read.body.crusade.campaigns.map((c) => [c.id, c.status])).toEqual([
      [first.id, 'running'],
      [second.id, 'running'],
    ])
    expect(read.body.crusade.rollup.audience).toBe(8)
    for (const k of ['audience', 'queued', 'blocked', 'sent', 'canceled'] as const) {
      expect(read.body.crusade.rollup[k]).toBe(read.body.crusade.campaigns.reduce((n, c) => n + c.counts[k], 0))
    }
    const inCrusade = await callApi<{ data: Campaign[] }>({ path: `/api/v1/campaigns?crusadeId=${crusadeId}`, key })
    expect(inCrusade.body.data.map((c) => c.name)).toEqual(['Second', 'First'])

    const list = await callApi<{ data: Crusade[]; nextCursor: string | null }>({ path: '/api/v1/crusades', key })
    expect(list.body).toMatchObject({ data: [{ id: crusadeId, rollup: { audience: 8 } }], nextCursor: null })
    const changed = await callApi<{ crusade: Crusade }>({ method: 'PUT', path: `/api/v1/crusades/${crusadeId}`, key, json: { name: 'Q1 sellers (slower)', ...ALWAYS, throttlePerMinute: 30 } })
    expect(changed.status).toBe(200)
    expect(changed.body.crusade).toMatchObject({ name: 'Q1 sellers (slower)', schedule: { throttlePerMinute: 30 } })
    const backwards = await callApi<ApiError>({ method: 'PUT', path: `/api/v1/crusades/${crusadeId}`, key, json: { name: 'x', ...ALWAYS, windowStart: '12:00', windowEnd: '11:00', throttlePerMinute: 30 } })
    expect([backwards.status, backwards.body.error.code]).toEqual([400, 'invalid_body'])

    const other = await organization()
    const foreign = await callApi<ApiError>({ path: `/api/v1/crusades/${crusadeId}`, key: other.key })
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'crusade_not_found'])
    const foreignChange = await callApi<ApiError>({ method: 'PUT', path: `/api/v1/crusades/${crusadeId}`, key: other.key, json: { name: 'Mine', ...ALWAYS, throttlePerMinute: 1 } })
    expect([foreignChange.status, foreignChange.body.error.code]).toEqual([404, 'crusade_not_found'])
    // Nor can a campaign of another organization join it.
    const joined = await callApi<ApiError>({ method: 'POST', path: '/api/v1/campaigns', key: other.key, json: other.input({ crusadeId }) })
    expect([joined.status, joined.body.error.details?.fieldErrors?.crusadeId]).toEqual([422, expect.any(String)])
    expect((await callApi<{ data: Crusade[] }>({ path: '/api/v1/crusades', key: other.key })).body.data).toEqual([])
    const { key: reader } = await createApiKeyFor({ organizationId: other.org.id, scopes: ['campaigns:read'] })
    expect((await callApi({ method: 'POST', path: '/api/v1/crusades', key: reader, json: { name: 'No', ...ALWAYS, throttlePerMinute: 1 } })).status).toBe(403)

    // A crusade with running campaigns cannot be deleted; once they end it can, and they are kept outside it.
    expect((await callApi({ method: 'DELETE', path: `/api/v1/crusades/${crusadeId}`, key: other.key })).status).toBe(404)
    const refused = await callApi<ApiError>({ method: 'DELETE', path: `/api/v1/crusades/${crusadeId}`, key })
    expect([refused.status, refused.body.error.code]).toEqual([409, 'crusade_has_live_campaigns'])
    for (const c of [first, second]) expect((await move(key, c.id, 'cancel')).status).toBe(200)
    expect((await callApi({ method: 'DELETE', path: `/api/v1/crusades/${crusadeId}`, key })).status).toBe(204)
    expect((await callApi({ path: `/api/v1/crusades/${crusadeId}`, key })).status).toBe(404)
    const kept = await callApi<{ campaign: Campaign }>({ path: `/api/v1/campaigns/${first.id}`, key })
    expect(kept.body.campaign).toMatchObject({ status: 'cancelled', crusade: null })
  })
})
