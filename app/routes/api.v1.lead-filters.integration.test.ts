import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../tests/support/factories'
import { createLeads, freshNumber } from '../../tests/support/leads'

type Saved = { id: string; name: string; filter: Record<string, unknown>; query: string }
type ApiError = { error: { code: string; details?: { fields?: { path: string }[] } } }

async function organization(scopes = ['leads:read', 'leads:write']) {
  const org = await createOrganization()
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes })
  return { org, key }
}

describe('saved lead filters through the API', () => {
  it('saves a filter that GET /api/v1/leads then applies by its query, lists it, refuses bad or empty ones and taken names, and deletes it — audited', async () => {
    const { org, key } = await organization()
    const { leads } = await createLeads(org.id, [{ phone: freshNumber('512') }, { phone: freshNumber('512') }])
    await prisma.lead.update({ where: { id: leads[1]!.id }, data: { tags: ['absentee'] } })

    const saved = await callApi<{ leadFilter: Saved }>({ method: 'POST', path: '/api/v1/lead-filters', key, json: { name: 'Absentee', filter: { tag: 'absentee', status: ['new'] } } })
    expect(saved.status).toBe(201)
    expect(saved.body.leadFilter).toMatchObject({ name: 'Absentee', filter: { tag: 'absentee', status: ['new'] }, query: 'status=new&tag=absentee' })
    const applied = await callApi<{ data: { id: string }[] }>({ path: `/api/v1/leads?${saved.body.leadFilter.query}`, key })
    expect(applied.body.data.map((l) => l.id)).toEqual([leads[1]!.id])
    expect((await callApi<{ data: Saved[] }>({ path: '/api/v1/lead-filters', key })).body.data.map((f) => f.name)).toEqual(['Absentee'])

    const bad = await callApi<ApiError>({ method: 'POST', path: '/api/v1/lead-filters', key, json: { name: 'Bad', filter: { zip: '12' } } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details?.fields?.map((f) => f.path)).toEqual(['filter.zip'])
    const empty = await callApi<ApiError>({ method: 'POST', path: '/api/v1/lead-filters', key, json: { name: 'Everyone', filter: {} } })
    expect(empty.status).toBe(422)
    expect(empty.body.error.code).toBe('empty_filter')
    const taken = await callApi<ApiError>({ method: 'POST', path: '/api/v1/lead-filters', key, json: { name: 'Absentee', filter: { tag: 'vacant' } } })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('filter_name_taken')

    // A saved filter that no longer parses (a later version changed a condition) applies to nobody, never to every lead.
    const stale = await callApi<{ leadFilter: Saved }>({ method: 'POST', path: '/api/v1/lead-filters', key, json: { name: 'Stale', filter: { zip: '78701' } } })
    await prisma.savedLeadFilter.update({ where: { id: stale.body.leadFilter.id }, data: { filter: { zip: '787' } } })
    const listed = (await callApi<{ data: (Saved & { filter: unknown; query: string | null })[] }>({ path: '/api/v1/lead-filters', key })).body.data
    expect(listed.find((f) => f.name === 'Stale')).toMatchObject({ filter: null, query: null })
    await callApi({ method: 'DELETE', path: `/api/v1/lead-filters/${stale.body.leadFilter.id}`, key })

    const other = await organization()
    expect((await callApi({ method: 'DELETE', path: `/api/v1/lead-filters/${saved.body.leadFilter.id}`, key: other.key })).status).toBe(404)
    expect((await callApi({ method: 'DELETE', path: `/api/v1/lead-filters/${saved.body.leadFilter.id}`, key })).status).toBe(204)
    expect((await callApi<{ data: Saved[] }>({ path: '/api/v1/lead-filters', key })).body.data).toEqual([])
    const actions = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: { startsWith: 'lead_filter.' } }, orderBy: { createdAt: 'asc' } })
    expect(actions.map((a) => a.action).sort()).toEqual(['lead_filter.deleted', 'lead_filter.deleted', 'lead_filter.saved', 'lead_filter.saved'])

    const { key: reader } = await organization(['leads:read'])
    expect((await callApi({ method: 'POST', path: '/api/v1/lead-filters', key: reader, json: { name: 'No', filter: { tag: 'x' } } })).status).toBe(403)
  })
})
