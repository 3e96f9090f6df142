import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../tests/support/factories'

/**
 * The lead-forms API: an external system creates a hosted form, changes its
 * disclosure (a new version), turns it off, reads its submissions with
 * their evidence, and never sees another organization's form. Every answer
 * is checked against the OpenAPI document (callApi).
 */

type LeadForm = { id: string; slug: string; url: string; name: string; disclosureText: string; disclosureVersion: number; enabled: boolean; doubleOptIn: boolean; tags: string[] }
type ApiError = { error: { code: string; message: string } }

const DISCLOSURE =
  'By checking this box I agree to receive marketing text messages from Lone Star Homes at the number above, sent with automated technology. Consent is not a condition of purchase. Reply STOP to opt out.'

async function organization(scopes = ['forms:read', 'forms:write']) {
  const org = await createOrganization({ environment: 'sandbox' })
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes })
  return { org, key }
}

const input = { name: 'Website sellers', headline: 'Get a cash offer', disclosureText: DISCLOSURE, tags: ['website'] }

describe('the lead forms API', () => {
  it('creates a form at a random public address, reads it, changes its disclosure as a new version, and audits both', async () => {
    const { org, key } = await organization()
    const created = await callApi<{ form: LeadForm }>({ method: 'POST', path: '/api/v1/forms', key, json: input })
    expect(created.status).toBe(201)
    const form = created.body.form
    expect(created.headers.get('Location')).toBe(`/api/v1/forms/${form.id}`)
    expect(form).toMatchObject({ name: 'Website sellers', disclosureText: DISCLOSURE, disclosureVersion: 1, enabled: true, doubleOptIn: false, tags: ['website'] })
    expect(form.slug).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect(form.url).toMatch(new RegExp(`/f/${form.slug}$`))

    const read = await callApi<{ form: LeadForm }>({ method: 'GET', path: `/api/v1/forms/${form.id}`, key })
    expect(read.body.form).toEqual(form)

    const changed = await callApi<{ form: LeadForm }>({ method: 'PUT', path: `/api/v1/forms/${form.id}`, key, json: { ...input, disclosureText: `${DISCLOSURE} Up to 4 msgs/week.`, enabled: false } })
    expect(changed.status).toBe(200)
    expect(changed.body.form).toMatchObject({ slug: form.slug, disclosureVersion: 2, enabled: false })

    const list = await callApi<{ data: LeadForm[]; nextCursor: string | null }>({ method: 'GET', path: '/api/v1/forms', key })
    expect(list.body.data.map((f) => f.id)).toEqual([form.id])
    const actions = (await prisma.auditLog.findMany({ where: { organizationId: org.id, targetId: form.id }, orderBy: { createdAt: 'asc' } })).map((a) => a.action)
    expect(actions).toEqual(['lead_form.created', 'lead_form.updated'])
  })

  it('refuses a form without a disclosure, with the field named', async () => {
    const { key } = await organization()
    const { disclosureText: _d, ...withoutDisclosure } = input
    const refused = await callApi<ApiError & { error: { details?: { fields?: { path: string }[] } } }>({ method: 'POST', path: '/api/v1/forms', key, json: withoutDisclosure })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('invalid_body')
    expect(refused.body.error.details?.fields?.map((f) => f.path)).toEqual(['disclosureText'])
    const tooShort = await callApi<ApiError & { error: { details?: { fields?: { path: string; message: string }[] } } }>({ method: 'POST', path: '/api/v1/forms', key, json: { ...input, disclosureText: 'Texts ok' } })
    expect(tooShort.status).toBe(400)
    expect(tooShort.body.error.details?.fields?.[0]?.message).toMatch(/at least 40 characters/)
  })

  it('refuses a second form of the same name with 409', async () => {
    const { key } = await organization()
    await callApi({ method: 'POST', path: '/api/v1/forms', key, json: input })
    const again = await callApi<ApiError>({ method: 'POST', path: '/api/v1/forms', key, json: input })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('lead_form_name_taken')
  })

  it('lists a form’s submissions with their evidence, newest first', async () => {
    const { org, key } = await organization()
    const form = (await callApi<{ form: LeadForm }>({ method: 'POST', path: '/api/v1/forms', key, json: input })).body.form
    await prisma.leadFormSubmission.createMany({
      data: [
        { organizationId: org.id, formId: form.id, outcome: 'spam', createdAt: new Date('2026-11-30T10:00:00Z') },
        {
          organizationId: org.id,
          formId: form.id,
          outcome: 'accepted',
          name: 'Dana Whitfield',
          e164: '+15128675309',
          ip: '203.0.113.7',
          userAgent: 'Mozilla/5.0 (iPhone)',
          pageUrl: 'https://lonestarhomes.example/sell',
          disclosureText: DISCLOSURE,
          disclosureVersion: 1,
          createdAt: new Date('2026-11-30T11:00:00Z'),
        },
      ],
    })
    const page = await callApi<{ data: { outcome: string; phone: string | null; disclosureText: string | null; ip: string | null }[] }>({ method: 'GET', path: `/api/v1/forms/${form.id}/submissions?limit=10`, key })
    expect(page.status).toBe(200)
    expect(page.body.data).toEqual([
      expect.objectContaining({ outcome: 'accepted', phone: '+15128675309', disclosureText: DISCLOSURE, ip: '203.0.113.7' }),
      expect.objectContaining({ outcome: 'spam', phone: null, disclosureText: null, ip: null }),
    ])
  })

  it('answers 404 for another organization’s form, to read, change or list its submissions', async () => {
    const mine = await organization()
    const theirs = await organization()
    const form = (await callApi<{ form: LeadForm }>({ method: 'POST', path: '/api/v1/forms', key: theirs.key, json: input })).body.form
    for (const call of [
      { method: 'GET' as const, path: `/api/v1/forms/${form.id}` },
      { method: 'PUT' as const, path: `/api/v1/forms/${form.id}`, json: input },
      { method: 'GET' as const, path: `/api/v1/forms/${form.id}/submissions` },
    ]) {
      const answer = await callApi<ApiError>({ ...call, key: mine.key })
      expect(answer.status).toBe(404)
      expect(answer.body.error.code).toBe('lead_form_not_found')
    }
    expect((await callApi<{ data: LeadForm[] }>({ method: 'GET', path: '/api/v1/forms', key: mine.key })).body.data).toEqual([])
  })

  it('refuses a key without the forms scopes with 403', async () => {
    const { key } = await organization(['leads:read'])
    expect((await callApi({ method: 'GET', path: '/api/v1/forms', key })).status).toBe(403)
    const reader = await organization(['forms:read'])
    expect((await callApi({ method: 'POST', path: '/api/v1/forms', key: reader.key, json: input })).status).toBe(403)
  })
})
