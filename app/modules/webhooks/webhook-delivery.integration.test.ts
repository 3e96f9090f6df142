import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { startFakeHttpServer, type FakeHttpServer, type FakeRequest } from '../../../tests/fakes/fake-http-server'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { attemptWebhookDelivery } from './attempt-webhook-delivery.server'
import { emitWebhookEvent } from './emit-webhook-event.server'
import { replayWebhookDelivery } from './replay-webhook-delivery.server'
import { requeueStrandedWebhookDeliveries } from './requeue-stranded-webhook-deliveries.server'
import { rotateWebhookSecret } from './rotate-webhook-secret.server'
import { createWebhookEndpoint, updateWebhookEndpoint } from './save-webhook-endpoint.server'
import { RETRY_DELAYS_MS } from './webhook-retry-schedule'

/**
 * Deliveries as a receiver sees them: a real HTTP server in this process
 * verifies each with the `standardwebhooks` library, exactly as a receiver
 * would. Time is moved by passing `now` to each attempt (the schedule's
 * clock); signatures carry the wall clock, which the verifier checks.
 */

let receiver: FakeHttpServer
let answers: number[]
beforeEach(async () => {
  receiver = await startFakeHttpServer()
  answers = []
  receiver.route('POST', '/hooks', () => ({ status: answers.shift() ?? 200, text: 'ok' }))
})
afterEach(() => receiver.close())

const headersOf = (request: FakeRequest) => ({
  'webhook-id': String(request.headers['webhook-id']),
  'webhook-timestamp': String(request.headers['webhook-timestamp']),
  'webhook-signature': String(request.headers['webhook-signature']),
})
/** What `new Webhook(secret).verify` makes of a request: its payload, or the error it throws. */
function verify(secret: string, request: FakeRequest): unknown {
  try {
    return new Webhook(secret).verify(request.rawBody, headersOf(request))
  } catch (error) {
    return error
  }
}

async function endpointFor(options: { eventTypes?: string[]; organizationId?: string } = {}) {
  const organizationId = options.organizationId ?? (await createOrganization({ environment: 'sandbox' })).id
  const actor = systemActor('Test', { organizationId })
  const created = await createWebhookEndpoint({
    organizationId,
    actor,
    input: { url: `${receiver.url}/hooks`, description: 'CRM', eventTypes: options.eventTypes ?? ['message.delivered', 'message.received'] },
  })
  return { organizationId, actor, ...created }
}

const plus = (at: Date, ms: number) => new Date(at.getTime() + ms)

describe('webhook deliveries', () => {
  it('signs each delivery per Standard Webhooks: the receiver verifies it with the secret, and a wrong secret fails', async () => {
    const { organizationId, secret } = await endpointFor()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const emitted = await emitWebhookEvent({ organizationId, type: 'message.delivered', data: { messageId: 'm-1', to: '+15125550100' } })
    expect(emitted?.deliveryIds).toHaveLength(1)

    const outcome = await attemptWebhookDelivery({ deliveryId: emitted!.deliveryIds[0]! })
    expect(outcome).toMatchObject({ status: 'succeeded', attemptCount: 1, nextAttemptAt: null })
    const [request] = receiver.requests
    expect(request!.headers['webhook-id']).toBe(emitted!.eventId)
    expect(request!.headers['content-type']).toBe('application/json')
    expect(verify(secret, request!)).toEqual({ type: 'message.delivered', timestamp: expect.any(String), data: { messageId: 'm-1', to: '+15125550100' } })
    const wrong = await endpointFor()
    expect(verify(wrong.secret, request!)).toMatchObject({ name: 'WebhookVerificationError' })

    const attempt = await prisma.webhookDeliveryAttempt.findFirstOrThrow({ where: { deliveryId: outcome.deliveryId } })
    expect(attempt).toMatchObject({ number: 1, responseStatus: 200, responseBody: 'ok', error: null, requestBody: request!.rawBody })
    expect(attempt.requestHeaders).toMatchObject({ 'webhook-id': emitted!.eventId, 'webhook-signature': request!.headers['webhook-signature'] })
    // The secret is stored encrypted, never in clear.
    const row = await prisma.webhookEndpoint.findFirstOrThrow({ where: { organizationId } })
    expect(JSON.stringify(row)).not.toContain(secret.slice(6))
  })

  it('during a rotation each delivery carries both signatures, so either secret verifies it; after the 24 h overlap only the new one does', async () => {
    const { organizationId, actor, endpoint, secret: oldSecret } = await endpointFor()
    const rotatedAt = new Date()
    const { secret: newSecret, endpoint: rotated } = await rotateWebhookSecret({ organizationId, actor, endpointId: endpoint.id, now: rotatedAt })
    expect(newSecret).not.toBe(oldSecret)
    expect(rotated.previousSecretExpiresAt).toBe(plus(rotatedAt, 24 * 3_600_000).toISOString())

    const during = await emitWebhookEvent({ organizationId, type: 'message.received', data: { n: 1 } })
    await attemptWebhookDelivery({ deliveryId: during!.deliveryIds[0]!, now: plus(rotatedAt, 3_600_000) })
    const first = receiver.requests[0]!
    expect(String(first.headers['webhook-signature']).split(' ')).toHaveLength(2)
    expect(verify(oldSecret, first)).toMatchObject({ type: 'message.received' })
    expect(verify(newSecret, first)).toMatchObject({ type: 'message.received' })

    const after = await emitWebhookEvent({ organizationId, type: 'message.received', data: { n: 2 } })
    await attemptWebhookDelivery({ deliveryId: after!.deliveryIds[0]!, now: plus(rotatedAt, 25 * 3_600_000) })
    const second = receiver.requests[1]!
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(1)
    expect(verify(newSecret, second)).toMatchObject({ type: 'message.received', data: { n: 2 } })
    expect(verify(oldSecret, second)).toMatchObject({ name: 'WebhookVerificationError' })
  })

  it('retries on the schedule after the receiver answers 500, and succeeds on a later attempt with every attempt in the log', async () => {
    const { organizationId } = await endpointFor()
    answers = [500, 500, 503]
    const t0 = new Date()
    const emitted = await emitWebhookEvent({ organizationId, type: 'message.delivered', data: { messageId: 'm-2' }, at: t0 })
    const deliveryId = emitted!.deliveryIds[0]!

    const first = await attemptWebhookDelivery({ deliveryId, now: t0 })
    expect(first).toMatchObject({ status: 'pending', attemptCount: 1, nextAttemptAt: plus(t0, RETRY_DELAYS_MS[0]).toISOString() })
    // Not due yet: nothing is sent.
    expect(await attemptWebhookDelivery({ deliveryId, now: plus(t0, 1_000) })).toMatchObject({ status: 'pending', attemptCount: 1 })
    expect(receiver.requests).toHaveLength(1)

    let now = t0
    for (const delay of RETRY_DELAYS_MS.slice(0, 3)) {
      now = plus(now, delay)
      await attemptWebhookDelivery({ deliveryId, now })
    }
    const delivery = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { attempts: { orderBy: { number: 'asc' } } } })
    expect(delivery).toMatchObject({ status: 'succeeded', attemptCount: 4, nextAttemptAt: null })
    expect(delivery.attempts.map((a) => a.responseStatus)).toEqual([500, 500, 503, 200])
    expect(delivery.attempts.every((a) => a.durationMs >= 0)).toBe(true)
    // Every attempt is the same message: same id and body, each verifiable.
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([emitted!.eventId]))
    expect(new Set(receiver.requests.map((r) => r.rawBody)).size).toBe(1)
  })

  it('records a receiver that does not answer (connection refused) as an attempt with its error', async () => {
    const { organizationId, actor, endpoint } = await endpointFor()
    await updateWebhookEndpoint({ organizationId, actor, endpointId: endpoint.id, change: { url: 'http://127.0.0.1:9/hooks' } })
    const emitted = await emitWebhookEvent({ organizationId, type: 'message.delivered', data: {} })
    const outcome = await attemptWebhookDelivery({ deliveryId: emitted!.deliveryIds[0]! })
    expect(outcome).toMatchObject({ status: 'pending', attemptCount: 1 })
    const attempt = await prisma.webhookDeliveryAttempt.findFirstOrThrow({ where: { deliveryId: outcome.deliveryId } })
    expect(attempt).toMatchObject({ responseStatus: null, responseBody: null, error: expect.stringMatching(/fetch failed|ECONNREFUSED/) })
  })

  it('exhausts a delivery that fails every attempt, disables the endpoint and emails its admins; replay re-sends it once the endpoint is back', async () => {
    const org = await createOrganization({ environment: 'sandbox' })
    const admin = await createUser({ organizationId: org.id, role: 'admin' })
    const operator = await createUser({ organizationId: org.id, role: 'operator' })
    const { organizationId, actor, endpoint, secret } = await endpointFor({ organizationId: org.id })
    answers = Array.from({ length: 20 }, () => 500)
    const t0 = new Date()
    const failing = await emitWebhookEvent({ organizationId, type: 'message.delivered', data: { messageId: 'm-3' }, at: t0 })
    const waiting = await emitWebhookEvent({ organizationId, type: 'message.received', data: { messageId: 'm-4' }, at: t0 })
    const deliveryId = failing!.deliveryIds[0]!

    let now = t0
    let outcome = await attemptWebhookDelivery({ deliveryId, now })
    for (const delay of RETRY_DELAYS_MS) {
      now = plus(now, delay)
      outcome = await attemptWebhookDelivery({ deliveryId, now })
    }
    expect(outcome).toMatchObject({ status: 'exhausted', attemptCount: 8, nextAttemptAt: null })
    expect(now.getTime() - t0.getTime()).toBeGreaterThan(24 * 3_600_000)

    const disabled = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })
    expect(disabled).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('no delivery has succeeded for 24 hours') })
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: waiting!.deliveryIds[0]! } })).toMatchObject({ status: 'failed' })
    const emails = await prisma.emailMessage.findMany({ where: { organizationId, tag: 'webhook-endpoint-disabled' } })
    expect(emails.map((e) => e.to)).toEqual([admin.email])
    expect(emails.map((e) => e.to)).not.toContain(operator.email)
    expect(emails[0]!.textBody).toContain(`${receiver.url}/hooks`)
    expect(await prisma.auditLog.findFirst({ where: { organizationId, action: 'webhook_endpoint.disabled', targetId: endpoint.id } })).not.toBeNull()
    // A disabled endpoint hears of nothing new.
    expect(await emitWebhookEvent({ organizationId, type: 'message.delivered', data: {} })).toBeNull()

    await expect(replayWebhookDelivery({ organizationId, actor, endpointId: endpoint.id, deliveryId })).rejects.toMatchObject({ code: 'webhook_endpoint_disabled' })
    await updateWebhookEndpoint({ organizationId, actor, endpointId: endpoint.id, change: { enabled: true } })
    answers = []
    const replay = await replayWebhookDelivery({ organizationId, actor, endpointId: endpoint.id, deliveryId })
    expect(replay).toMatchObject({ replayOf: deliveryId, eventId: failing!.eventId, status: 'pending' })
    expect(await attemptWebhookDelivery({ deliveryId: replay.id })).toMatchObject({ status: 'succeeded', attemptCount: 1 })
    const last = receiver.requests.at(-1)!
    expect(last.headers['webhook-id']).toBe(failing!.eventId)
    expect(verify(secret, last)).toMatchObject({ type: 'message.delivered', data: { messageId: 'm-3' } })
  })

  it('does not disable an endpoint that other deliveries reached in the last 24 hours', async () => {
    const { organizationId, endpoint } = await endpointFor()
    const t0 = new Date()
    await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { lastSuccessAt: plus(t0, 20 * 3_600_000) } })
    answers = Array.from({ length: 8 }, () => 500)
    const emitted = await emitWebhookEvent({ organizationId, type: 'message.delivered', data: {}, at: t0 })
    let now = t0
    await attemptWebhookDelivery({ deliveryId: emitted!.deliveryIds[0]!, now })
    for (const delay of RETRY_DELAYS_MS) {
      now = plus(now, delay)
      await attemptWebhookDelivery({ deliveryId: emitted!.deliveryIds[0]!, now })
    }
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: emitted!.deliveryIds[0]! } })).toMatchObject({ status: 'exhausted' })
    expect(await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).toMatchObject({ enabled: true })
  })

  it('delivers an event only to the enabled endpoints of its own organization that subscribe to its type', async () => {
    const a = await endpointFor({ eventTypes: ['consent.opted_out'] })
    const aOther = await endpointFor({ organizationId: a.organizationId, eventTypes: ['message.sent'] })
    const b = await endpointFor({ eventTypes: ['consent.opted_out'] })
    const emitted = await emitWebhookEvent({ organizationId: a.organizationId, type: 'consent.opted_out', data: { phone: '+15125550100' } })
    const deliveries = await prisma.webhookDelivery.findMany({ where: { eventId: emitted!.eventId } })
    expect(deliveries.map((d) => d.endpointId)).toEqual([a.endpoint.id])
    expect(await prisma.webhookDelivery.count({ where: { endpointId: { in: [aOther.endpoint.id, b.endpoint.id] } } })).toBe(0)
  })

  it('stores nothing for an organization without a subscribed endpoint, and hands each delivery to the webhooks-deliver function', async () => {
    const org = await createOrganization()
    expect(await emitWebhookEvent({ organizationId: org.id, type: 'lead.created', data: {} })).toBeNull()
    expect(await prisma.webhookEvent.count({ where: { organizationId: org.id } })).toBe(0)

    const { organizationId } = await endpointFor()
    const emitted = await emitWebhookEvent({ organizationId, type: 'message.delivered', data: {} })
    const runs = await prisma.jobRun.findMany({ where: { functionId: { endsWith: 'webhooks-deliver' }, organizationId } })
    expect(runs.map((r) => (r.events as { data: { deliveryId: string } }[])[0]!.data.deliveryId)).toEqual(emitted!.deliveryIds)
  })

  it('asks again for the run of a delivery overdue by 5 minutes', async () => {
    const { organizationId } = await endpointFor()
    const t0 = new Date()
    const emitted = await emitWebhookEvent({ organizationId, type: 'message.delivered', data: {}, at: t0 })
    const runs = () => prisma.jobRun.count({ where: { functionId: { endsWith: 'webhooks-deliver' }, organizationId } })
    await requeueStrandedWebhookDeliveries({ now: plus(t0, 60_000) })
    expect(await runs()).toBe(1)
    await requeueStrandedWebhookDeliveries({ now: plus(t0, 6 * 60_000) })
    expect(await runs()).toBe(2)
    // Succeeded deliveries are not overdue, whatever the time.
    await attemptWebhookDelivery({ deliveryId: emitted!.deliveryIds[0]!, now: plus(t0, 6 * 60_000) })
    await requeueStrandedWebhookDeliveries({ now: plus(t0, 60 * 60_000) })
    expect(await runs()).toBe(2)
  })
})
