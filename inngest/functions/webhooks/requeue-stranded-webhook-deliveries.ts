import { requeueStrandedWebhookDeliveries } from '~/modules/webhooks/requeue-stranded-webhook-deliveries.server'
import { inngest } from '../../client'

/**
 * Every five minutes: a delivery is stored before its run is requested, so a
 * failed hand-over (or a lost run) leaves it pending and overdue. Its run is
 * requested again.
 */
export const requeueStrandedWebhooks = inngest.createFunction(
  {
    id: 'webhooks-requeue-stranded',
    name: 'Request runs for overdue webhook deliveries',
    triggers: [{ cron: '*/5 * * * *' }],
  },
  async ({ step }) => step.run('requeue', () => requeueStrandedWebhookDeliveries({ now: new Date() })),
)
