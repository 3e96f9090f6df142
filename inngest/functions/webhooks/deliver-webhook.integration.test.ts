import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { emitWebhookEvent } from '~/modules/webhooks/emit-webhook-event.server'
import { createWebhookEndpoint } from '~/modules/webhooks/save-webhook-endpoint.server'
import { prisma } from '~/utils/db.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { startFakeHttpServer, type FakeHttpServer } from '../../../tests/fakes/fake-http-server'
import { createOrganization } from '../../../tests/support/factories'
import { functions } from '../../index'
import { deliverWebhook } from './deliver-webhook'

/**
 * The delivery function under the in-process runner, as `npm start` runs it:
 * an emitted event's run posts the first attempt, sleeps (holding no worker)
 * until the schedule's next one after the receiver's 500, and succeeds then.
 */

let receiver: FakeHttpServer
let runner: InProcessRunner | undefined
let answers: number[]
beforeEach(async () => {
  receiver = await startFakeHttpServer()
  answers = [500]
  receiver.route('POST', '/hooks', () => ({ status: answers.shift() ?? 200, text: 'ok' }))
})
afterEach(async () => {
  await runner?.stop()
  runner = undefined
  await receiver.close()
})

describe('webhooks-deliver', () => {
  it('is served, and retries a delivery the receiver refused after the schedule’s 5 s, sleeping in between', async () => {
    expect(functions).toContain(deliverWebhook)
    const org = await createOrganization({ environment: 'sandbox' })
    const { secret } = await createWebhookEndpoint({
      organizationId: org.id,
      actor: systemActor('test', { organizationId: org.id }),
      input: { url: `${receiver.url}/hooks`, description: '', eventTypes: ['message.received'] },
    })
    const emitted = await emitWebhookEvent({ organizationId: org.id, type: 'message.received', data: { messageId: 'm-1' } })
    const deliveryId = emitted!.deliveryIds[0]!

    runner = startInProcessRunner({ functions: [deliverWebhook], retryBaseMs: 10, pollIntervalMs: 50 })
    const run = () => prisma.jobRun.findFirstOrThrow({ where: { functionId: { endsWith: 'webhooks-deliver' }, organizationId: org.id } })
    await expect.poll(async () => (await run()).status, { timeout: 15_000 }).toBe('sleeping')
    const waiting = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId } })
    expect(waiting).toMatchObject({ status: 'pending', attemptCount: 1 })
    expect(waiting.nextAttemptAt!.getTime() - waiting.lastAttemptAt!.getTime()).toBe(5_000)

    await expect.poll(async () => (await run()).status, { timeout: 20_000, interval: 250 }).toBe('completed')
    const done = await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { attempts: { orderBy: { number: 'asc' } } } })
    expect(done).toMatchObject({ status: 'succeeded', attemptCount: 2 })
    expect(done.attempts.map((a) => a.responseStatus)).toEqual([500, 200])
    expect(done.attempts[1]!.attemptedAt.getTime() - done.attempts[0]!.attemptedAt.getTime()).toBeGreaterThanOrEqual(5_000)
    const last = receiver.requests.at(-1)!
    const payload = new Webhook(secret).verify(last.rawBody, {
      'webhook-id': String(last.headers['webhook-id']),
      'webhook-timestamp': String(last.headers['webhook-timestamp']),
      'webhook-signature': String(last.headers['webhook-signature']),
    })
    expect(payload).toMatchObject({ type: 'message.received', data: { messageId: 'm-1' } })
  })
})
