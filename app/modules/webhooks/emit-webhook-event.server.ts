import { randomBytes } from 'node:crypto'
import { inngest } from '../../../inngest/client'
import { webhookDeliveryRequestedEvent } from '../../../inngest/events'
import { prisma } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import type { WebhookEventType, WebhookPayloadType } from './webhook-event-types'

/** A `webhook-id`: `msg_` and 24 base64url characters (144 random bits). */
export function newWebhookMessageId(): string {
  return `msg_${randomBytes(18).toString('base64url')}`
}

/** The body every endpoint receives, the Standard Webhooks shape: `{ type, timestamp, data }`. */
export function webhookBody(type: WebhookPayloadType, at: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: at.toISOString(), data })
}

/** Hands deliveries to their Inngest runs. A lost hand-over is picked up by `webhooks-requeue-stranded`. */
export async function requestWebhookDeliveries(deliveries: readonly { id: string; organizationId: string }[], occasion = 'created') {
  if (deliveries.length === 0) return
  await inngest.send(deliveries.map((delivery) => webhookDeliveryRequestedEvent(delivery, occasion)))
}

export type EmittedWebhookEvent = { eventId: string; deliveryIds: string[] } | null

/**
 * Announces an event to the organization's enabled endpoints subscribed to
 * `type`: stores the event (its exact body) and one pending delivery per
 * endpoint, then hands each delivery to its Inngest run. With no such endpoint
 * it costs one indexed query and stores nothing (answering null).
 *
 * Call it after the transaction that made the change has committed, so no
 * receiver hears of a change that rolled back. It throws on failure; where
 * a webhook must never sink the change it reports, use `announceWebhookEvent`.
 */
export async function emitWebhookEvent(options: {
  organizationId: string
  type: WebhookEventType
  data: Record<string, unknown>
  at?: Date
}): Promise<EmittedWebhookEvent> {
  const endpoints = await prisma.webhookEndpoint.findMany({
    where: { organizationId: options.organizationId, enabled: true, eventTypes: { has: options.type } },
    select: { id: true },
  })
  if (endpoints.length === 0) return null
  const at = options.at ?? new Date()
  const eventId = newWebhookMessageId()
  const deliveries = await prisma.$transaction(async (tx) => {
    await tx.webhookEvent.create({ data: { id: eventId, organizationId: options.organizationId, type: options.type, body: webhookBody(options.type, at, options.data), createdAt: at } })
    return tx.webhookDelivery.createManyAndReturn({
      data: endpoints.map((endpoint) => ({ organizationId: options.organizationId, endpointId: endpoint.id, eventId, nextAttemptAt: at })),
      select: { id: true, organizationId: true },
    })
  })
  await requestWebhookDeliveries(deliveries)
  return { eventId, deliveryIds: deliveries.map((d) => d.id) }
}

/**
 * `emitWebhookEvent` for the places that report a change already made (an
 * inbound message, a status callback): a failure is logged, never thrown, so
 * the webhook cannot undo or fail what it reports. A delivery whose hand-over
 * failed after it was stored is requeued by `webhooks-requeue-stranded`.
 */
export async function announceWebhookEvent(options: Parameters<typeof emitWebhookEvent>[0]): Promise<EmittedWebhookEvent> {
  try {
    return await emitWebhookEvent(options)
  } catch (error) {
    logger.error('webhook event not emitted', { err: error, organizationId: options.organizationId, type: options.type })
    return null
  }
}
