import { systemActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { disableFailingWebhookEndpoint } from './disable-failing-webhook-endpoint.server'
import { nextAttemptAfter } from './webhook-retry-schedule'
import { signingSecrets, signWebhook } from './webhook-secret.server'

/** A receiver has this long to answer (docs/decisions/049). */
export const DELIVERY_TIMEOUT_MS = 10_000
/** Response bodies are kept up to this many bytes. */
export const RESPONSE_BODY_MAX_BYTES = 4096
/** How far ahead an attempt in progress pushes `next_attempt_at`: its claim, longer than any attempt takes. */
const CLAIM_MS = 60_000
/** An exhausted delivery disables its endpoint when nothing reached it for this long. */
export const FAILING_FOR_MS = 24 * 3_600_000

export type DeliveryOutcome = { deliveryId: string; status: 'pending' | 'succeeded' | 'failed' | 'exhausted'; attemptCount: number; nextAttemptAt: string | null }

type HttpResult = { status: number | null; body: string | null; error: string | null; durationMs: number }

async function readCapped(response: Response): Promise<string> {
  if (!response.body) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  while (size < RESPONSE_BODY_MAX_BYTES) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    size += value.byteLength
  }
  await reader.cancel().catch(() => undefined)
  const bytes = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_MAX_BYTES)
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes).replaceAll('\u0000', '')
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<HttpResult> {
  const started = performance.now()
  try {
    const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) })
    const text = await readCapped(response)
    return { status: response.status, body: text, error: null, durationMs: Math.round(performance.now() - started) }
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : ''
    const message = timedOut ? `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s.` : `${error instanceof Error ? error.message : String(error)}${cause}`
    return { status: null, body: null, error: message.slice(0, 1000), durationMs: Math.round(performance.now() - started) }
  }
}

const outcomeOf = (row: { id: string; status: DeliveryOutcome['status']; attemptCount: number; nextAttemptAt: Date | null }): DeliveryOutcome => ({
  deliveryId: row.id,
  status: row.status,
  attemptCount: row.attemptCount,
  nextAttemptAt: row.status === 'pending' ? (row.nextAttemptAt?.toISOString() ?? null) : null,
})

/**
 * Makes the delivery's next attempt if it is due at `now`: claims it (so two
 * runs never post the same attempt), signs the event's body with the
 * endpoint's secrets (both during a rotation), POSTs it with a 10 s timeout
 * and records the attempt — request headers and body, response status and
 * body (4 KB), duration, error. A 2xx succeeds; anything else schedules the
 * next attempt (webhook-retry-schedule.ts) or, after the last, exhausts the
 * delivery, which disables an endpoint nothing has reached for 24 hours.
 * Not due yet, or already finished: changes nothing and says where it stands.
 *
 * `now` is the scheduling clock (tests move it); `signedAt`, the
 * `webhook-timestamp`, is the wall clock the receiver checks against.
 */
export async function attemptWebhookDelivery(options: { deliveryId: string; now?: Date; signedAt?: Date }): Promise<DeliveryOutcome> {
  const now = options.now ?? new Date()
  const [claimed] = await prisma.webhookDelivery.updateManyAndReturn({
    where: { id: options.deliveryId, status: 'pending', nextAttemptAt: { lte: now } },
    data: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
    select: { id: true, organizationId: true, attemptCount: true, endpointId: true, eventId: true },
  })
  if (!claimed) {
    const row = await prisma.webhookDelivery.findUnique({ where: { id: options.deliveryId }, select: { id: true, status: true, attemptCount: true, nextAttemptAt: true } })
    return row ? outcomeOf(row) : { deliveryId: options.deliveryId, status: 'failed', attemptCount: 0, nextAttemptAt: null }
  }

  const endpoint = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: claimed.endpointId } })
  if (!endpoint.enabled) {
    const row = await prisma.webhookDelivery.update({ where: { id: claimed.id }, data: { status: 'failed', nextAttemptAt: null }, select: { id: true, status: true, attemptCount: true, nextAttemptAt: true } })
    return outcomeOf(row)
  }
  const event = await prisma.webhookEvent.findUniqueOrThrow({ where: { id: claimed.eventId }, select: { id: true, body: true } })

  const signedAt = options.signedAt ?? new Date()
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'esd.quest-webhooks/1',
    ...signWebhook({ messageId: event.id, body: event.body, secrets: signingSecrets(endpoint, now), at: signedAt }),
  }
  const result = await post(endpoint.url, headers, event.body)
  const number = claimed.attemptCount + 1
  const succeeded = result.status !== null && result.status >= 200 && result.status < 300
  const nextAt = succeeded ? null : nextAttemptAfter(number, now)
  const status = succeeded ? 'succeeded' : nextAt ? 'pending' : 'exhausted'

  const row = await prisma.$transaction(async (tx) => {
    await tx.webhookDeliveryAttempt.create({
      data: {
        deliveryId: claimed.id,
        number,
        requestHeaders: headers,
        requestBody: event.body,
        responseStatus: result.status,
        responseBody: result.body,
        durationMs: result.durationMs,
        error: result.error,
        attemptedAt: now,
      },
    })
    if (succeeded) await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { lastSuccessAt: now } })
    return tx.webhookDelivery.update({
      where: { id: claimed.id },
      data: { status, attemptCount: number, lastAttemptAt: now, nextAttemptAt: nextAt },
      select: { id: true, status: true, attemptCount: true, nextAttemptAt: true },
    })
  })

  if (status === 'exhausted') {
    const failingSince = new Date(now.getTime() - FAILING_FOR_MS)
    if (!endpoint.lastSuccessAt || endpoint.lastSuccessAt < failingSince) {
      await disableFailingWebhookEndpoint({
        endpointId: endpoint.id,
        actor: systemActor('Webhook delivery', { organizationId: endpoint.organizationId }),
        reason: `Every attempt to deliver an event failed and no delivery has succeeded for 24 hours (last: ${result.status !== null ? `HTTP ${result.status}` : result.error}).`,
        now,
      })
    }
  }
  return outcomeOf(row)
}
