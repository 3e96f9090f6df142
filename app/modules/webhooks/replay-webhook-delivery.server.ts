import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { requestWebhookDeliveries } from './emit-webhook-event.server'
import { webhookEndpointNotFound } from './get-webhook-endpoint.server'
import { deliveryInclude, toWebhookDeliverySummary, type WebhookDeliverySummary } from './list-webhook-deliveries.server'

/**
 * Sends a delivery's event to its endpoint again, as a new delivery (its own
 * attempts and retries, `replayOf` the original) with the same `webhook-id`
 * and body, so a receiver that already has it can tell. The endpoint must be
 * enabled. Audited.
 */
export async function replayWebhookDelivery(options: { organizationId: string; actor: Actor; endpointId: string; deliveryId: string; now?: Date }): Promise<WebhookDeliverySummary> {
  const now = options.now ?? new Date()
  const delivery = await withAudit(
    { actor: options.actor, action: 'webhook_delivery.replayed', organizationId: options.organizationId },
    async (tx) => {
      const original = await tx.webhookDelivery.findFirst({
        where: { id: options.deliveryId, endpointId: options.endpointId, organizationId: options.organizationId },
        select: { id: true, eventId: true, endpoint: { select: { id: true, enabled: true } } },
      })
      if (!original) {
        const endpoint = await tx.webhookEndpoint.findFirst({ where: { id: options.endpointId, organizationId: options.organizationId }, select: { id: true } })
        if (!endpoint) throw webhookEndpointNotFound()
        throw new AppError('webhook_delivery_not_found', 'No such delivery of this endpoint.', 404)
      }
      if (!original.endpoint.enabled) throw new AppError('webhook_endpoint_disabled', 'The endpoint is disabled: enable it before replaying its deliveries.', 409)
      const row = await tx.webhookDelivery.create({
        data: { organizationId: options.organizationId, endpointId: original.endpoint.id, eventId: original.eventId, replayOfId: original.id, nextAttemptAt: now, createdAt: now },
        include: deliveryInclude,
      })
      return {
        result: toWebhookDeliverySummary(row),
        target: { type: 'webhook_delivery', id: row.id },
        summary: { replayOf: original.id, eventId: original.eventId, endpointId: original.endpoint.id },
      }
    },
  )
  await requestWebhookDeliveries([{ id: delivery.id, organizationId: options.organizationId }])
  return delivery
}
