import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { attemptWebhookDelivery } from '~/modules/webhooks/attempt-webhook-delivery.server'
import { emitWebhookEvent } from '~/modules/webhooks/emit-webhook-event.server'
import { prisma } from '~/utils/db.server'
import { startFakeHttpServer, type FakeHttpServer } from '../../tests/fakes/fake-http-server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../tests/support/factories'

/**
 * The webhook endpoints API as an external system uses it: create an
 * endpoint (the secret answered once), send it a test and read the
 * delivery log, rotate, change, replay and delete — each audited, every
 * answer checked against the OpenAPI document (callApi), and another
 * organization's endpoints answering 404.
 */

type Endpoint = { id: string; url: string; description: string; eventTypes: string[]; enabled: boolean; disabledReason: string | null; previousSecretExpiresAt: string | null }
type Attempt = { number: number; requestHeaders: Record<string, string>; requestBody: string; responseStatus: number | null; responseBody: string | null; durationMs: number }
type Delivery = { id: string; eventId: string; eventType: string; status: string; attemptCount: number; replayOf: string | null; attempts: Attempt[] }
type ApiError = { error: { code: string; details?: Record<string, unknown> } }

let receiver: FakeHttpServer
beforeEach(async () => {
  receiver = await startFakeHttpServer()
  receiver.route('POST', '/hooks', () => ({ status: 204 }))
})
afterEach(() => receiver.close())

async function organization(options: { scopes?: string[]; environment?: 'prod' | 'sandbox' } = {}) {
  const org = await createOrganization({ environment: options.environment ?? 'sandbox' })
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes: options.scopes ?? ['webhooks:manage'] })
  return { org, key }
}

async function create(key: string, json: Record<string, unknown> = {}) {
  return callApi<{ endpoint: Endpoint; secret: string }>({
    method: 'POST',
    path: '/api/v1/webhook-endpoints',
    key,
    json: { url: `${receiver.url}/hooks`, eventTypes: ['message.delivered', 'consent.opted_out'], ...json },
  })
}

describe('the webhook endpoints API', () => {
  it('creates an endpoint and answers its secret once; get and list never show it; the change is audited', async () => {
    const { org, key } = await organization()
    const created = await create(key, { description: 'CRM' })
    expect(created.status).toBe(201)
    expect(created.headers.get('Location')).toBe(`/api/v1/webhook-endpoints/${created.body.endpoint.id}`)
    expect(created.body.secret).toMatch(/^whsec_/)
    expect(created.body.endpoint).toMatchObject({ url: `${receiver.url}/hooks`, description: 'CRM', eventTypes: ['message.delivered', 'consent.opted_out'], enabled: true })

    const got = await callApi<{ endpoint: Endpoint }>({ path: `/api/v1/webhook-endpoints/${created.body.endpoint.id}`, key })
    expect(got.status).toBe(200)
    expect(got.text).not.toContain(created.body.secret)
    const listed = await callApi<{ data: Endpoint[]; nextCursor: string | null }>({ path: '/api/v1/webhook-endpoints', key })
    expect(listed.body.data.map((e) => e.id)).toEqual([created.body.endpoint.id])
    expect(listed.text).not.toContain('whsec_')

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.id, action: 'webhook_endpoint.created' } })
    expect(audit).toMatchObject({ targetType: 'webhook_endpoint', targetId: created.body.endpoint.id, actorType: 'api_key' })
    expect(JSON.stringify(audit.summary)).not.toContain('whsec_')
  })

  it('refuses a bad body, an unknown event type and, for a production organization, a URL that is not public https', async () => {
    const { key } = await organization()
    const unknown = await create(key, { eventTypes: ['lead.deleted'] })
    expect(unknown.status).toBe(400)
    expect((unknown.body as unknown as ApiError).error.code).toBe('invalid_body')
    const none = await create(key, { eventTypes: [] })
    expect(none.status).toBe(400)

    const prod = await organization({ environment: 'prod' })
    const http = await create(prod.key, { url: 'http://crm.example.com/hooks' })
    expect(http.status).toBe(400)
    expect((http.body as unknown as ApiError).error).toMatchObject({ code: 'invalid_webhook_url', details: { fieldErrors: { url: expect.stringContaining('https') } } })
    const local = await create(prod.key, { url: 'https://127.0.0.1/hooks' })
    expect((local.body as unknown as ApiError).error.code).toBe('invalid_webhook_url')
    expect((await create(prod.key, { url: 'https://crm.example.com/hooks' })).status).toBe(201)
  })

  it('sends a test event the receiver verifies, shows it in the delivery log with its attempt, and replays it', async () => {
    const { key } = await organization()
    const { body: { endpoint, secret } } = await create(key)
    const tested = await callApi<{ delivery: Delivery }>({ method: 'POST', path: `/api/v1/webhook-endpoints/${endpoint.id}/test`, key })
    expect(tested.status).toBe(202)
    expect(tested.body.delivery).toMatchObject({ eventType: 'webhook.test', status: 'pending', attemptCount: 0, attempts: [] })

    await attemptWebhookDelivery({ deliveryId: tested.body.delivery.id })
    const [request] = receiver.requests
    const payload = new Webhook(secret).verify(request!.rawBody, {
      'webhook-id': String(request!.headers['webhook-id']),
      'webhook-timestamp': String(request!.headers['webhook-timestamp']),
      'webhook-signature': String(request!.headers['webhook-signature']),
    })
    expect(payload).toMatchObject({ type: 'webhook.test', data: { endpointId: endpoint.id } })

    const log = await callApi<{ data: Delivery[] }>({ path: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, key })
    expect(log.status).toBe(200)
    expect(log.body.data).toEqual([expect.objectContaining({ id: tested.body.delivery.id, status: 'succeeded', attemptCount: 1 })])
    expect(log.body.data[0]!.attempts[0]).toMatchObject({ number: 1, responseStatus: 204, requestBody: request!.rawBody, requestHeaders: expect.objectContaining({ 'webhook-id': tested.body.delivery.eventId }) })

    const replayed = await callApi<{ delivery: Delivery }>({ method: 'POST', path: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${tested.body.delivery.id}/replay`, key })
    expect(replayed.status).toBe(202)
    expect(replayed.body.delivery).toMatchObject({ replayOf: tested.body.delivery.id, eventId: tested.body.delivery.eventId, status: 'pending' })
    await attemptWebhookDelivery({ deliveryId: replayed.body.delivery.id })
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([tested.body.delivery.eventId, tested.body.delivery.eventId])
    const newest = await callApi<{ data: Delivery[]; nextCursor: string | null }>({ path: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries?limit=1`, key })
    expect(newest.body.data.map((d) => d.id)).toEqual([replayed.body.delivery.id])
    expect(newest.body.nextCursor).not.toBeNull()
  })

  it('rotates the secret (answered once) with a 24 h overlap, changes subscriptions, disables and deletes; each audited', async () => {
    const { org, key } = await organization()
    const { body: { endpoint, secret } } = await create(key)
    const rotated = await callApi<{ endpoint: Endpoint; secret: string }>({ method: 'POST', path: `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, key })
    expect(rotated.status).toBe(200)
    expect(rotated.body.secret).toMatch(/^whsec_/)
    expect(rotated.body.secret).not.toBe(secret)
    expect(rotated.body.endpoint.previousSecretExpiresAt).not.toBeNull()

    const changed = await callApi<{ endpoint: Endpoint }>({ method: 'PATCH', path: `/api/v1/webhook-endpoints/${endpoint.id}`, key, json: { eventTypes: ['message.received'], enabled: false } })
    expect(changed.status).toBe(200)
    expect(changed.body.endpoint).toMatchObject({ eventTypes: ['message.received'], enabled: false, disabledReason: expect.stringContaining('Disabled by') })
    expect(await emitWebhookEvent({ organizationId: org.id, type: 'message.received', data: {} })).toBeNull()
    const test = await callApi<ApiError>({ method: 'POST', path: `/api/v1/webhook-endpoints/${endpoint.id}/test`, key })
    expect(test.status).toBe(409)
    expect(test.body.error.code).toBe('webhook_endpoint_disabled')
    const empty = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/webhook-endpoints/${endpoint.id}`, key, json: {} })
    expect(empty.status).toBe(400)

    const deleted = await callApi({ method: 'DELETE', path: `/api/v1/webhook-endpoints/${endpoint.id}`, key })
    expect(deleted.status).toBe(204)
    expect((await callApi({ path: `/api/v1/webhook-endpoints/${endpoint.id}`, key })).status).toBe(404)
    const actions = await prisma.auditLog.findMany({ where: { organizationId: org.id, targetId: endpoint.id }, orderBy: { createdAt: 'asc' }, select: { action: true } })
    expect(actions.map((a) => a.action)).toEqual(['webhook_endpoint.created', 'webhook_endpoint.secret_rotated', 'webhook_endpoint.updated', 'webhook_endpoint.deleted'])
  })

  it('answers 404 for another organization’s endpoints and deliveries, and 403 to a key without webhooks:manage', async () => {
    const a = await organization()
    const b = await organization()
    const { body: { endpoint } } = await create(a.key)
    const tested = await callApi<{ delivery: Delivery }>({ method: 'POST', path: `/api/v1/webhook-endpoints/${endpoint.id}/test`, key: a.key })
    const paths: [string, string][] = [
      ['GET', `/api/v1/webhook-endpoints/${endpoint.id}`],
      ['DELETE', `/api/v1/webhook-endpoints/${endpoint.id}`],
      ['POST', `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`],
      ['POST', `/api/v1/webhook-endpoints/${endpoint.id}/test`],
      ['GET', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`],
      ['POST', `/api/v1/webhook-endpoints/${endpoint.id}/deliveries/${tested.body.delivery.id}/replay`],
    ]
    for (const [method, path] of paths) {
      const answer = await callApi<ApiError>({ method, path, key: b.key })
      expect([method, path, answer.status, answer.body.error.code]).toEqual([method, path, 404, 'webhook_endpoint_not_found'])
    }
    const patch = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/webhook-endpoints/${endpoint.id}`, key: b.key, json: { enabled: false } })
    expect(patch.status).toBe(404)
    expect((await callApi<{ data: Endpoint[] }>({ path: '/api/v1/webhook-endpoints', key: b.key })).body.data).toEqual([])
    const otherEndpoint = await create(b.key)
    const crossed = await callApi<ApiError>({ method: 'POST', path: `/api/v1/webhook-endpoints/${otherEndpoint.body.endpoint.id}/deliveries/${tested.body.delivery.id}/replay`, key: b.key })
    expect([crossed.status, crossed.body.error.code]).toEqual([404, 'webhook_delivery_not_found'])
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: true })

    const reader = await createApiKeyFor({ organizationId: a.org.id, scopes: ['leads:read'] })
    const refused = await callApi<ApiError>({ path: '/api/v1/webhook-endpoints', key: reader.key })
    expect([refused.status, refused.body.error.code]).toEqual([403, 'insufficient_scope'])
  })
})
