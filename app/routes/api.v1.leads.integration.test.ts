import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../tests/support/factories'
import { createLeads, freshNumber } from '../../tests/support/leads'

/**
 * GET /api/v1/leads and /api/v1/leads/{id}: an external system searches the
 * lead universe with the grid's filters and reads a lead whole, full numbers
 * included; another organization's leads never appear. Every answer is
 * checked against the OpenAPI document (callApi).
 */

type Item = { id: string; name: string; phone: string | null; status: string }
type Page = { data: Item[]; nextCursor: string | null; total: { kind: string; count: number } }

async function organization(scopes = ['leads:read']) {
  const org = await createOrganization()
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes })
  return { org, key }
}

describe('the leads API', () => {
  it('searches with filters, a page at a time, and reads one lead with its phones', async () => {
    const { org, key } = await organization()
    const phones = [freshNumber('512'), freshNumber('512'), freshNumber('512')]
    const { leads } = await createLeads(org.id, phones.map((phone) => ({ phone })))
    await prisma.lead.update({ where: { id: leads[0]!.id }, data: { status: 'replied', tags: ['probate'] } })
    await prisma.identity.update({ where: { id: leads[1]!.identityId }, data: { fullName: 'Maria Garcia' } })

    const all = await callApi<Page>({ path: '/api/v1/leads?limit=2', key })
    expect(all.status).toBe(200)
    expect(all.body.total).toEqual({ kind: 'exact', count: 3 })
    expect(all.body.data).toHaveLength(2)
    const rest = await callApi<Page>({ path: `/api/v1/leads?limit=2&cursor=${all.body.nextCursor}`, key })
    expect([...all.body.data, ...rest.body.data].map((l) => l.id).sort()).toEqual(leads.map((l) => l.id).sort())

    const tagged = await callApi<Page>({ path: '/api/v1/leads?status=replied&tag=probate', key })
    expect(tagged.body.data.map((l) => [l.id, l.phone])).toEqual([[leads[0]!.id, phones[0]]])
    const fuzzy = await callApi<Page>({ path: `/api/v1/leads?q=${encodeURIComponent('mria garcia')}`, key })
    expect(fuzzy.body.data.map((l) => l.name)).toEqual(['Maria Garcia'])

    const bad = await callApi<{ error: { code: string; details: { fields: { path: string }[] } } }>({ path: '/api/v1/leads?state=T1&status=asleep', key })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_filter')
    expect(bad.body.error.details.fields.map((f) => f.path).sort()).toEqual(['state', 'status.0'])

    const one = await callApi<{ lead: { id: string; phones: { number: string; marketing: { allowed: boolean } }[] } }>({ path: `/api/v1/leads/${leads[2]!.id}`, key })
    expect(one.status).toBe(200)
    expect(one.body.lead.phones).toEqual([expect.objectContaining({ number: phones[2], marketing: expect.objectContaining({ allowed: expect.any(Boolean) }) })])
  })

  it('dry runs a marketing send to a filter: counts by reason, sending and recording nothing', async () => {
    const { org, key } = await organization()
    const phones = [freshNumber('512'), freshNumber('512')]
    await createLeads(org.id, [...phones.map((phone) => ({ phone })), { phone: null }])
    const at = new Date()
    at.setUTCHours(19, 0, 0, 0)
    const queued = await prisma.sendQueueItem.count()
    const run = await callApi<{ audience: number; allowed: number; blocked: { reason: string; count: number }[]; registryCheckAtLaunch: number }>({
      method: 'POST',
      path: '/api/v1/leads/dry-run',
      key,
      json: { filter: {}, at: at.toISOString() },
    })
    expect(run.status).toBe(200)
    expect(run.body).toMatchObject({ audience: 3, allowed: 0, registryCheckAtLaunch: 2, blocked: [{ reason: 'no_phone', count: 1 }] })
    expect(await prisma.sendQueueItem.count()).toBe(queued)
    const bad = await callApi<{ error: { code: string } }>({ method: 'POST', path: '/api/v1/leads/dry-run', key, json: { filter: { zip: '1' } } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_filter')
  })

  it('keeps organizations apart and needs leads:read', async () => {
    const { org } = await organization()
    const { leads } = await createLeads(org.id, [{ phone: freshNumber('512') }])
    const other = await organization()
    expect((await callApi<Page>({ path: '/api/v1/leads', key: other.key })).body.data).toEqual([])
    const foreign = await callApi<{ error: { code: string } }>({ path: `/api/v1/leads/${leads[0]!.id}`, key: other.key })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('lead_not_found')
    const { key: none } = await organization(['messages:read'])
    expect((await callApi({ path: '/api/v1/leads', key: none })).status).toBe(403)
  })
})
