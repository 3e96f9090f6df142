import { randomBytes } from 'node:crypto'
import { startFakeHttpServer, type FakeReply, type FakeRequest } from './fake-http-server'

/**
 * GoHighLevel's API v2 (LeadConnector), as much of it as we call, over real
 * HTTP, plus a receiver standing in for a GHL workflow's Inbound Webhook
 * trigger. Point the adapter at `url` (env `GHL_API_URL`); the webhook URL is
 * `webhookUrl`.
 *
 * - `POST /contacts/upsert`: `Authorization: Bearer <token>` of a known
 *   Private Integration (else 401), `Version: 2021-07-28` (else 400), a
 *   `locationId` the token may use (else 403), a phone or an email (else
 *   422). Finds the location's contact by email, then phone (GHL's duplicate
 *   rule), updates it or creates one; answers `{ new, contact, traceId }`.
 * - `PUT /contacts/:id`: the same auth; refuses a `locationId` in the body
 *   (422) and an unknown id (400 "Contact not found"); answers `{ succeded, contact }`.
 * - `GET /contacts/?locationId=…&limit=…`: the same auth, to test a connection.
 */

export type FakeGhlContact = {
  id: string
  locationId: string
  firstName: string | null
  lastName: string | null
  name: string | null
  email: string | null
  phone: string | null
  address1: string | null
  city: string | null
  state: string | null
  postalCode: string | null
  source: string | null
  tags: string[]
  customFields: unknown[]
  dateAdded: string
  dateUpdated: string
}

export type FakeGhlFailure = { status: 401 | 422 | 429 | 500 | 502 | 503; message?: string } | { network: 'reset' }

export type FakeGhl = {
  url: string
  /** Where a GHL workflow's Inbound Webhook would listen. */
  webhookUrl: string
  /** A Private Integration token the fake accepts, for `locationId`. */
  token: string
  locationId: string
  addIntegration: (integration: { token: string; locationId: string }) => void
  contacts: FakeGhlContact[]
  /** Every call to the contacts API (upsert and the connection test). */
  requests: FakeRequest[]
  /** Every POST the webhook receiver got (headers and parsed JSON body). */
  webhooks: FakeRequest[]
  /** The next upsert (or update) calls fail this way, one each, in order. */
  failNextUpserts: (...failures: FakeGhlFailure[]) => void
  /** The next webhook posts answer this status, one each, in order. */
  failNextWebhooks: (...statuses: number[]) => void
  close: () => Promise<void>
}

const VERSION = '2021-07-28'

export async function startFakeGhl(options: { port?: number } = {}): Promise<FakeGhl> {
  const server = await startFakeHttpServer(options)
  const tokens = new Map<string, string>()
  const contacts: FakeGhlContact[] = []
  const requests: FakeRequest[] = []
  const webhooks: FakeRequest[] = []
  const upsertFailures: FakeGhlFailure[] = []
  const webhookFailures: number[] = []
  const token = `pit-${randomBytes(16).toString('hex')}`
  const locationId = randomBytes(10).toString('base64url')
  tokens.set(token, locationId)

  const ghlError = (status: number, message: string | string[]): FakeReply => ({
    status,
    json: { statusCode: status, message, ...(status === 422 ? { error: 'Unprocessable Entity' } : {}) },
  })

  /** Auth and version as GHL checks them; null when the request may go on. */
  function tokenLocation(request: FakeRequest): string | undefined {
    const match = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))
    return match ? tokens.get(match[1]!) : undefined
  }

  function refuse(request: FakeRequest, location: unknown): FakeReply | null {
    const allowed = tokenLocation(request)
    if (allowed === undefined) return ghlError(401, 'Invalid JWT')
    if (request.headers.version !== VERSION) return ghlError(400, 'Version header was not found or is invalid')
    if (typeof location !== 'string' || location === '') return ghlError(422, ['locationId should not be empty'])
    if (location !== allowed) return ghlError(403, 'The token does not have access to this location')
    return null
  }

  server.route('GET', '/contacts/', (request) => {
    requests.push(request)
    return (
      refuse(request, request.query.get('locationId')) ?? {
        status: 200,
        json: { contacts: contacts.filter((c) => c.locationId === request.query.get('locationId')).slice(0, 1), meta: { total: contacts.length } },
      }
    )
  })

  server.route('PUT', '/contacts/:id', (request) => {
    requests.push(request)
    const body = (typeof request.body === 'object' && request.body ? request.body : {}) as Record<string, unknown>
    const location = tokenLocation(request)
    const refused = refuse(request, location)
    if (refused) return refused
    if ('locationId' in body) return ghlError(422, ['property locationId should not exist'])
    const failure = upsertFailures.shift()
    if (failure) return 'network' in failure ? failure : ghlError(failure.status, failure.message ?? (failure.status === 429 ? 'Too many requests' : 'Internal server error'))
    const existing = contacts.find((c) => c.id === request.params.id && c.locationId === location)
    if (!existing) return ghlError(400, 'Contact not found')
    apply(existing, body)
    return { status: 200, json: { succeded: true, contact: existing } }
  })

  function fieldsOf(body: Record<string, unknown>) {
    const text = (key: string) => (typeof body[key] === 'string' && body[key] !== '' ? (body[key] as string) : null)
    return {
      firstName: text('firstName'),
      lastName: text('lastName'),
      name: text('name'),
      email: text('email')?.toLowerCase() ?? null,
      phone: text('phone'),
      address1: text('address1'),
      city: text('city'),
      state: text('state'),
      postalCode: text('postalCode'),
      source: text('source'),
    }
  }

  /** An update overwrites the fields it is given and adds its tags to the contact's. */
  function apply(contact: FakeGhlContact, body: Record<string, unknown>) {
    for (const [key, value] of Object.entries(fieldsOf(body))) if (value !== null) (contact as Record<string, unknown>)[key] = value
    const tags = Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string') : []
    contact.tags = [...new Set([...contact.tags, ...tags])]
    if (Array.isArray(body.customFields) && body.customFields.length) contact.customFields = body.customFields
    contact.dateUpdated = new Date().toISOString()
  }

  server.route('POST', '/contacts/upsert', (request) => {
    requests.push(request)
    const body = (typeof request.body === 'object' && request.body ? request.body : {}) as Record<string, unknown>
    const refused = refuse(request, body.locationId)
    if (refused) return refused
    const failure = upsertFailures.shift()
    if (failure) return 'network' in failure ? failure : ghlError(failure.status, failure.message ?? (failure.status === 429 ? 'Too many requests' : 'Internal server error'))
    const fields = fieldsOf(body)
    const { phone, email } = fields
    if (!phone && !email) return ghlError(422, ['phone or email must be provided'])
    if (phone && !/^\+[1-9]\d{6,14}$/.test(phone)) return ghlError(422, ['phone must be a valid phone number'])
    const now = new Date().toISOString()
    const existing =
      (email && contacts.find((c) => c.locationId === body.locationId && c.email === email)) ||
      (phone && contacts.find((c) => c.locationId === body.locationId && c.phone === phone)) ||
      null
    const tags = Array.isArray(body.tags) ? [...new Set(body.tags.filter((t): t is string => typeof t === 'string'))] : []
    const customFields = Array.isArray(body.customFields) ? body.customFields : []
    let contact: FakeGhlContact
    if (existing) {
      apply(existing, body)
      contact = existing
    } else {
      contact = { id: randomBytes(10).toString('base64url'), locationId: String(body.locationId), ...fields, tags, customFields, dateAdded: now, dateUpdated: now }
      contacts.push(contact)
    }
    return { status: 200, json: { new: !existing, contact, traceId: randomBytes(8).toString('hex') } }
  })

  server.route('POST', '/hooks/inbound', (request) => {
    webhooks.push(request)
    const status = webhookFailures.shift()
    return status ? { status, json: { status: 'error' } } : { status: 200, json: { status: 'Success: request sent to trigger execution server', id: randomBytes(8).toString('hex') } }
  })

  return {
    url: server.url,
    webhookUrl: `${server.url}/hooks/inbound`,
    token,
    locationId,
    addIntegration: (integration) => tokens.set(integration.token, integration.locationId),
    contacts,
    requests,
    webhooks,
    failNextUpserts: (...failures) => upsertFailures.push(...failures),
    failNextWebhooks: (...statuses) => webhookFailures.push(...statuses),
    close: () => server.close(),
  }
}
