import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeGhl, type FakeGhl } from './fake-ghl'

let fake: FakeGhl
beforeEach(async () => {
  fake = await startFakeGhl()
})
afterEach(async () => {
  await fake.close()
})

async function upsert(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${fake.url}/contacts/upsert`, {
    method: 'POST',
    headers: { authorization: `Bearer ${fake.token}`, version: '2021-07-28', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  return { status: response.status, json: (await response.json()) as Record<string, unknown> & { contact: { id: string } } }
}

describe('fake GoHighLevel: POST /contacts/upsert', () => {
  it('creates a contact, then updates the same one by phone, adding tags', async () => {
    const first = await upsert({ locationId: fake.locationId, firstName: 'Dana', lastName: 'Reyes', phone: '+15125550143', tags: ['esd'] })
    expect(first.status).toBe(200)
    expect(first.json).toMatchObject({ new: true, contact: { id: expect.any(String), firstName: 'Dana', phone: '+15125550143', tags: ['esd'] } })

    const second = await upsert({ locationId: fake.locationId, city: 'Austin', phone: '+15125550143', tags: ['hot'] })
    expect(second.json).toMatchObject({ new: false, contact: { id: first.json.contact.id, firstName: 'Dana', city: 'Austin', tags: ['esd', 'hot'] } })
    expect(fake.contacts).toHaveLength(1)
  })

  it('refuses a wrong token (401), a missing Version (400), another location (403) and no phone or email (422)', async () => {
    expect(await upsert({ locationId: fake.locationId, phone: '+15125550143' }, { authorization: 'Bearer nope' })).toMatchObject({
      status: 401,
      json: { statusCode: 401, message: 'Invalid JWT' },
    })
    expect((await upsert({ locationId: fake.locationId, phone: '+15125550143' }, { version: '' })).status).toBe(400)
    expect((await upsert({ locationId: 'elsewhere', phone: '+15125550143' })).status).toBe(403)
    expect(await upsert({ locationId: fake.locationId, firstName: 'X' })).toMatchObject({ status: 422, json: { message: ['phone or email must be provided'] } })
    expect(fake.contacts).toHaveLength(0)
  })

  it('fails the next upserts as told, one each, then works again', async () => {
    fake.failNextUpserts({ status: 429 }, { status: 500 })
    expect((await upsert({ locationId: fake.locationId, phone: '+15125550143' })).status).toBe(429)
    expect((await upsert({ locationId: fake.locationId, phone: '+15125550143' })).status).toBe(500)
    expect((await upsert({ locationId: fake.locationId, phone: '+15125550143' })).status).toBe(200)
    expect(fake.requests).toHaveLength(3)
  })
})

describe('fake GoHighLevel: the connection test and the webhook receiver', () => {
  it('lists contacts of the token’s location and refuses a bad token', async () => {
    const ok = await fetch(`${fake.url}/contacts/?locationId=${fake.locationId}&limit=1`, { headers: { authorization: `Bearer ${fake.token}`, version: '2021-07-28' } })
    expect(ok.status).toBe(200)
    const bad = await fetch(`${fake.url}/contacts/?locationId=${fake.locationId}&limit=1`, { headers: { authorization: 'Bearer x', version: '2021-07-28' } })
    expect(bad.status).toBe(401)
  })

  it('records webhook posts and fails them as told', async () => {
    fake.failNextWebhooks(503)
    const post = () => fetch(fake.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ first_name: 'Dana' }) })
    expect((await post()).status).toBe(503)
    expect((await post()).status).toBe(200)
    expect(fake.webhooks.map((w) => w.body)).toEqual([{ first_name: 'Dana' }, { first_name: 'Dana' }])
  })
})

describe('fake GoHighLevel: PUT /contacts/:id', () => {
  const put = (id: string, body: Record<string, unknown>) =>
    fetch(`${fake.url}/contacts/${id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${fake.token}`, version: '2021-07-28', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }))

  it('updates the contact it names, refuses a locationId in the body and an unknown id', async () => {
    const created = await upsert({ locationId: fake.locationId, phone: '+15125550143', firstName: 'Dana' })
    expect(await put(created.json.contact.id, { phone: '+15125550199', city: 'Waco' })).toMatchObject({
      status: 200,
      json: { succeded: true, contact: { id: created.json.contact.id, phone: '+15125550199', city: 'Waco', firstName: 'Dana' } },
    })
    expect((await put(created.json.contact.id, { locationId: fake.locationId })).status).toBe(422)
    expect(await put('nope', { city: 'Waco' })).toMatchObject({ status: 400, json: { message: 'Contact not found' } })
    expect(fake.contacts).toHaveLength(1)
  })
})
