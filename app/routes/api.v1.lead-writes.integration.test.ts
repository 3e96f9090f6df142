import { describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { prisma } from '~/utils/db.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization, createUser, sessionCookieFor } from '../../tests/support/factories'
import { createLandedImport, createVertical } from '../../tests/support/landed-import'
import { freshNumber } from '../../tests/support/leads'
import { runExtraction } from '../../tests/support/run-extraction'

/**
 * The leads write path through the API: create, update, upsert by an
 * external id, identities and external refs — every answer checked against
 * the OpenAPI document (callApi), every write through the import pipeline's
 * MERGE (app/modules/leads/write-lead.server.ts).
 */

type Lead = { id: string; status: string; grade: string | null; tags: string[]; identity: { id: string; fullName: string; age: number | null }; property: { line1: string; bedrooms: number | null }; phones: { number: string; source: string; consent: string[] }[] }
type Written = { lead: Lead; created: boolean; changed: boolean }
type ApiError = { error: { code: string; message: string; details?: { fieldErrors?: Record<string, string[]>; requiredScope?: string } } }
type Identity = { id: string; phones: { number: string; consent: string[]; marketing: { allowed: boolean; reason: string | null } }[]; emails: { address: string }[]; properties: { role: string }[]; leads: { id: string }[] }
type Ref = { id: string; entityType: string; entityId: string; system: string; externalId: string }

const address = { line1: '12 Oak Street', city: 'Austin', state: 'TX', postalCode: '78701' }

async function organization(scopes = ['leads:read', 'leads:write', 'refs:read', 'refs:write']) {
  const org = await createOrganization({ environment: 'sandbox' })
  await createVertical(org.id, 'seller')
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes })
  return { org, key }
}

describe('the leads write API', () => {
  it('creates a lead that GET /leads, GET /leads/:id and the lead page show; the same person again is the same lead', async () => {
    const { org, key } = await organization()
    const phone = freshNumber()
    const created = await callApi<Written>({
      method: 'POST', path: '/api/v1/leads', key,
      json: { firstName: 'Dana', lastName: 'Reyes', phones: [{ number: phone, type: 'mobile' }], emails: ['dana@example.com'], propertyAddress: address, tags: ['web'], property: { bedrooms: 3 } },
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('Location')).toBe(`/api/v1/leads/${created.body.lead.id}`)
    expect(created.body).toMatchObject({ created: true, changed: true, lead: { tags: ['web'], property: { bedrooms: 3 }, phones: [{ number: phone, source: 'api' }] } })

    const listed = await callApi<{ data: { id: string }[] }>({ path: '/api/v1/leads?tag=web', key })
    expect(listed.body.data.map((l) => l.id)).toEqual([created.body.lead.id])
    const read = await callApi<{ lead: Lead }>({ path: `/api/v1/leads/${created.body.lead.id}`, key })
    expect(read.body.lead.identity.id).toBe(created.body.lead.identity.id)

    const user = await createUser({ organizationId: org.id, role: 'admin' })
    const { loader } = await import('~/routes/_app.leads.$id')
    const page = await loader({ request: new Request(`http://localhost:3000/leads/${created.body.lead.id}`, { headers: { cookie: await sessionCookieFor(user.id) } }), params: { id: created.body.lead.id }, context: {} })
    expect(page.lead.phones.map((p) => p.number)).toEqual([phone])

    const again = await callApi<Written>({ method: 'POST', path: '/api/v1/leads', key, json: { fullName: 'DANA REYES', propertyAddress: { ...address, line1: '12 oak st' } } })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ created: false, changed: false, lead: { id: created.body.lead.id } })
    expect(await prisma.identity.count({ where: { organizationId: org.id } })).toBe(1)
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'lead.created', targetId: created.body.lead.id } })).toBe(1)
  })

  it('lands an imported row and an API write of the same person on one identity and one lead', async () => {
    const { org, key } = await organization()
    const vertical = await prisma.vertical.findFirstOrThrow({ where: { organizationId: org.id } })
    const imported = await createLandedImport({
      organizationId: org.id, verticalId: vertical.id, parserKey: 'generic-csv',
      columnMap: { Name: 'full_name', Phone: 'phone', Street: 'property_line1', City: 'property_city', State: 'property_state', Zip: 'property_zip' },
      header: ['Name', 'Phone', 'Street', 'City', 'State', 'Zip'],
      rows: [['Marcus Lee', freshNumber(), '400 Elm Ave', 'Dallas', 'TX', '75201']],
    })
    await runExtraction(imported.id)
    const lead = await prisma.lead.findFirstOrThrow({ where: { organizationId: org.id } })
    const written = await callApi<Written>({ method: 'POST', path: '/api/v1/leads', key, json: { firstName: 'Marcus', lastName: 'Lee', phones: [freshNumber()], propertyAddress: { line1: '400 Elm Avenue', city: 'Dallas', state: 'TX', postalCode: '75201' } } })
    expect(written.status).toBe(200)
    expect(written.body).toMatchObject({ created: false, changed: true, lead: { id: lead.id, identity: { id: lead.identityId } } })
    expect(written.body.lead.phones).toHaveLength(2)
  })

  it('refuses what is not a lead with the reason per field (422), a body that does not fit (400), and writes nothing', async () => {
    const { org, key } = await organization()
    const noName = await callApi<ApiError>({ method: 'POST', path: '/api/v1/leads', key, json: { phones: [freshNumber()], propertyAddress: address } })
    expect(noName.status).toBe(422)
    expect(noName.body.error).toMatchObject({ code: 'validation_failed', details: { fieldErrors: { fullName: [expect.stringContaining('name')] } } })
    const nothing = await callApi<ApiError>({ method: 'POST', path: '/api/v1/leads', key, json: {} })
    expect(nothing.status).toBe(422)
    expect(Object.keys(nothing.body.error.details!.fieldErrors!).sort()).toEqual(['fullName', 'propertyAddress'])
    const badPhone = await callApi<ApiError>({ method: 'POST', path: '/api/v1/leads', key, json: { fullName: 'Ann Bo', propertyAddress: address, phones: ['555'] } })
    expect(badPhone.body.error.details!.fieldErrors!['phones.0']).toHaveLength(1)
    const unknown = await callApi<ApiError>({ method: 'POST', path: '/api/v1/leads', key, json: { fullName: 'Ann Bo', propertyAddress: address, favouriteColour: 'blue' } })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('invalid_body')
    expect(await prisma.identity.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('updates a lead: adds a phone and tags, takes one off, sets status, grade and a fact; the name is not a PATCH field', async () => {
    const { key } = await organization()
    const { body: { lead } } = await callApi<Written>({ method: 'POST', path: '/api/v1/leads', key, json: { fullName: 'Ivy Stone', propertyAddress: address, tags: ['web', 'cold'] } })
    const phone = freshNumber()
    const patched = await callApi<{ lead: Lead; changed: boolean }>({
      method: 'PATCH', path: `/api/v1/leads/${lead.id}`, key,
      json: { phones: [phone], tags: ['hot'], removeTags: ['cold'], status: 'qualified', grade: 'A', age: 61, property: { bedrooms: 4 } },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ changed: true, lead: { id: lead.id, status: 'qualified', grade: 'A', tags: ['hot', 'web'], identity: { age: 61 }, property: { bedrooms: 4 }, phones: [{ number: phone }] } })
    const same = await callApi<{ changed: boolean }>({ method: 'PATCH', path: `/api/v1/leads/${lead.id}`, key, json: { status: 'qualified' } })
    expect(same.body.changed).toBe(false)
    const onlyTags = await callApi<{ lead: Lead; changed: boolean }>({ method: 'PATCH', path: `/api/v1/leads/${lead.id}`, key, json: { removeTags: ['web'] } })
    expect(onlyTags.body).toMatchObject({ changed: true, lead: { tags: ['hot'] } })
    const rename = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/leads/${lead.id}`, key, json: { fullName: 'Ivy Stonebridge' } })
    expect(rename.status).toBe(400)
  })

  it('upserts by an external id: 201, then 200 on the same lead; GET by ref finds it', async () => {
    const { org, key } = await organization()
    const path = '/api/v1/leads/by-ref/hubspot/c-501'
    const body = { fullName: 'Rosa Diaz', propertyAddress: address, phones: [freshNumber()] }
    const first = await callApi<Written>({ method: 'PUT', path, key, json: body })
    expect(first.status).toBe(201)
    const second = await callApi<Written>({ method: 'PUT', path, key, json: { ...body, tags: ['crm'] } })
    expect(second.status).toBe(200)
    expect(second.body).toMatchObject({ created: false, changed: true, lead: { id: first.body.lead.id, tags: ['crm'] } })
    expect(await prisma.lead.count({ where: { organizationId: org.id } })).toBe(1)
    const found = await callApi<{ lead: Lead }>({ path, key })
    expect(found.body.lead.id).toBe(first.body.lead.id)
    expect((await callApi<ApiError>({ path: '/api/v1/leads/by-ref/hubspot/nope', key })).status).toBe(404)

    // Created with an externalRef, found by it.
    const withRef = await callApi<Written>({ method: 'POST', path: '/api/v1/leads', key, json: { fullName: 'Sam Ortiz', propertyAddress: address, externalRef: { system: 'gohighlevel', externalId: 'g-1' } } })
    expect((await callApi<{ lead: Lead }>({ path: '/api/v1/leads/by-ref/gohighlevel/g-1', key })).body.lead.id).toBe(withRef.body.lead.id)
  })

  it('answers a person with every phone’s consent standing, emails, properties and leads', async () => {
    const { org, key } = await organization()
    const [a, b] = [freshNumber(), freshNumber('737')]
    const { body: { lead } } = await callApi<Written>({ method: 'POST', path: '/api/v1/leads', key, json: { fullName: 'Lee Chan', phones: [a, b], emails: ['lee@example.com'], propertyAddress: address, mailingAddress: { line1: 'PO Box 9', city: 'Austin', state: 'TX', postalCode: '78702' } } })
    await recordConsentEvent({ actor: systemActor('test', { organizationId: org.id }), organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: a, source: 'test', evidence: {} })
    const answer = await callApi<{ identity: Identity }>({ path: `/api/v1/identities/${lead.identity.id}`, key })
    expect(answer.status).toBe(200)
    const identity = answer.body.identity
    expect(identity.phones.map((p) => [p.number, p.consent, p.marketing.allowed])).toEqual([[a, ['opted_out'], false], [b, ['clear'], true]])
    expect(identity.emails.map((e) => e.address)).toEqual(['lee@example.com'])
    expect(identity.properties.map((p) => p.role).sort()).toEqual(['mailing', 'owner'])
    expect(identity.leads.map((l) => l.id)).toEqual([lead.id])
  })

  it('maps, finds and removes external refs of any entity; another organization’s entity is 404', async () => {
    const { key } = await organization()
    const other = await organization()
    const { body: { lead } } = await callApi<Written>({ method: 'POST', path: '/api/v1/leads', key, json: { fullName: 'Ana Ruiz', propertyAddress: address } })
    const put = await callApi<{ externalRef: Ref }>({ method: 'PUT', path: '/api/v1/external-refs', key, json: { entityType: 'identity', entityId: lead.identity.id, system: 'hubspot', externalId: 'p-9' } })
    expect(put.status).toBe(201)
    expect((await callApi({ method: 'PUT', path: '/api/v1/external-refs', key, json: { entityType: 'identity', entityId: lead.identity.id, system: 'hubspot', externalId: 'p-9' } })).status).toBe(200)
    const found = await callApi<{ data: Ref[] }>({ path: '/api/v1/external-refs?system=hubspot&externalId=p-9&entityType=identity', key })
    expect(found.body.data).toEqual([expect.objectContaining({ entityId: lead.identity.id, system: 'hubspot', externalId: 'p-9' })])
    expect((await callApi<{ data: Ref[] }>({ path: '/api/v1/external-refs?system=hubspot', key: other.key })).body.data).toEqual([])

    const theirs = await callApi<ApiError>({ method: 'PUT', path: '/api/v1/external-refs', key: other.key, json: { entityType: 'lead', entityId: lead.id, system: 'hubspot', externalId: 'x' } })
    expect(theirs.status).toBe(404)
    expect(theirs.body.error.code).toBe('entity_not_found')

    expect((await callApi({ method: 'DELETE', path: '/api/v1/external-refs/identity/hubspot/p-9', key })).status).toBe(204)
    expect((await callApi<ApiError>({ method: 'DELETE', path: '/api/v1/external-refs/identity/hubspot/p-9', key })).status).toBe(404)
  })

  it('keeps organizations apart (404) and needs leads:write to write (403)', async () => {
    const { key } = await organization()
    const other = await organization()
    const { body: { lead } } = await callApi<Written>({ method: 'PUT', path: '/api/v1/leads/by-ref/hubspot/c-1', key, json: { fullName: 'Kim Park', propertyAddress: address } })
    expect((await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/leads/${lead.id}`, key: other.key, json: { status: 'closed' } })).status).toBe(404)
    expect((await callApi<ApiError>({ path: `/api/v1/identities/${lead.identity.id}`, key: other.key })).status).toBe(404)
    expect((await callApi<ApiError>({ path: '/api/v1/leads/by-ref/hubspot/c-1', key: other.key })).status).toBe(404)

    const reader = await createApiKeyFor({ organizationId: (await prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).organizationId, scopes: ['leads:read'] })
    const refused = await callApi<ApiError>({ method: 'POST', path: '/api/v1/leads', key: reader.key, json: { fullName: 'Kim Park', propertyAddress: address } })
    expect(refused.status).toBe(403)
    expect(refused.body.error).toMatchObject({ code: 'insufficient_scope', details: { requiredScope: 'leads:write' } })
    expect((await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/leads/${lead.id}`, key: reader.key, json: { status: 'closed' } })).status).toBe(403)
    expect((await callApi<ApiError>({ method: 'PUT', path: '/api/v1/external-refs', key: reader.key, json: { entityType: 'lead', entityId: lead.id, system: 'x', externalId: 'y' } })).status).toBe(403)
  })
})
