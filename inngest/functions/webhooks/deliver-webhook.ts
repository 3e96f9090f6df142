import { attemptWebhookDelivery } from '~/modules/webhooks/attempt-webhook-delivery.server'
import { MAX_ATTEMPTS } from '~/modules/webhooks/webhook-retry-schedule'
import { inngest } from '../../client'
import { webhookDeliveryRequested } from '../../events'

/**
 * Delivers one webhook (docs/decisions/049): each attempt is a step
 * (attemptWebhookDelivery posts it and records it); after a failed one the
 * run sleeps until the schedule's next attempt, so about 24 hours of retries
 * hold no worker. It ends when the delivery succeeded, was exhausted, or
 * stopped because its endpoint was disabled. A request for a delivery another
 * run is already attempting just waits its turn: the attempt's claim keeps
 * each attempt to one POST.
 */
export const deliverWebhook = inngest.createFunction(
  {
    id: 'webhooks-deliver',
    name: 'Deliver a webhook',
    triggers: [webhookDeliveryRequested],
    retries: 3,
  },
  async ({ event, step }) => {
    const { deliveryId } = event.data
    // A few more steps than attempts: a run woken before its claim expired looks once more.
    for (let i = 1; i <= MAX_ATTEMPTS + 3; i++) {
      const outcome = await step.run(`attempt-${i}`, () => attemptWebhookDelivery({ deliveryId }))
      if (outcome.status !== 'pending' || !outcome.nextAttemptAt) return outcome
      await step.sleepUntil(`wait-${i}`, new Date(outcome.nextAttemptAt))
    }
    return { deliveryId, status: 'pending' as const, handedOver: 'webhooks-requeue-stranded' }
  },
)
