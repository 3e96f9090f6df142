import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { newWebhookMessageId, requestWebhookDeliveries, webhookBody } from './emit-webhook-event.server'
import { webhookEndpointNotFound } from './get-webhook-endpoint.server'
import { deliveryInclude, toWebhookDeliverySummary, type WebhookDeliverySummary } from './list-webhook-deliveries.server'
import { WEBHOOK_TEST_EVENT } from './webhook-event-types'

/**
 * Sends a `webhook.test` event to one endpoint (whatever it subscribes to),
 * through the same signing, delivery, retries and log as every event. The
 * endpoint must be enabled. Audited.
 */
export async function sendTestWebhook(options: { organizationId: string; actor: Actor; endpointId: string; now?: Date }): Promise<WebhookDeliverySummary> {
  const now = options.now ?? new Date()
  const delivery = await withAudit(
    { actor: options.actor, action: 'webhook_endpoint.tested', organizationId: options.organizationId, target: { type: 'webhook_endpoint', id: options.endpointId } },
    async (tx) => {
      const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: options.endpointId, organizationId: options.organizationId }, select: { id: true, enabled: true } })
      if (!endpoint) throw webhookEndpointNotFound()
      if (!endpoint.enabled) throw new AppError('webhook_endpoint_disabled', 'The endpoint is disabled: enable it before sending it a test.', 409)
      const eventId = newWebhookMessageId()
      const body = webhookBody(WEBHOOK_TEST_EVENT, now, { message: 'A test event from esd.quest: this endpoint receives signed webhooks.', endpointId: endpoint.id })
      await tx.webhookEvent.create({ data: { id: eventId, organizationId: options.organizationId, type: WEBHOOK_TEST_EVENT, body, createdAt: now } })
      const row = await tx.webhookDelivery.create({
        data: { organizationId: options.organizationId, endpointId: endpoint.id, eventId, nextAttemptAt: now, createdAt: now },
        include: deliveryInclude,
      })
      return { result: toWebhookDeliverySummary(row), summary: { eventId, deliveryId: row.id } }
    },
  )
  await requestWebhookDeliveries([{ id: delivery.id, organizationId: options.organizationId }])
  return delivery
}
