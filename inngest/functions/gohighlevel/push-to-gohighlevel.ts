import { markGoHighLevelPushFailed } from '~/modules/integrations/gohighlevel/mark-gohighlevel-push-failed.server'
import { postGoHighLevelWebhook } from '~/modules/integrations/gohighlevel/post-gohighlevel-webhook.server'
import { pushLeadToGoHighLevel } from '~/modules/integrations/gohighlevel/push-lead-to-gohighlevel.server'
import { inngest } from '../../client'
import { goHighLevelPushRequested } from '../../events'

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Pushes one lead to GoHighLevel: the contact (upsert, or update of the
 * contact the lead is mapped to), then the Inbound Webhook when one is set.
 * GHL's 429 and 5xx (and network trouble) fail a step, which Inngest retries
 * with backoff; after the last attempt the push is recorded as failed. A 401
 * or a refused contact ends the push at once (docs/decisions/054).
 */
export const pushToGoHighLevel = inngest.createFunction(
  {
    id: 'gohighlevel-push',
    name: 'Push a lead to GoHighLevel',
    retries: 5,
    triggers: [goHighLevelPushRequested],
  },
  async ({ event, step }) => {
    const { pushId } = event.data
    let contact
    try {
      contact = await step.run('upsert-contact', () => pushLeadToGoHighLevel({ pushId }))
    } catch (error) {
      const recorded = await step.run('record-failure', () => markGoHighLevelPushFailed({ pushId, error: reason(error) }))
      return { status: 'failed' as const, error: reason(error), recorded }
    }
    if (contact.status !== 'succeeded') return contact
    try {
      const webhook = await step.run('post-webhook', () => postGoHighLevelWebhook({ pushId }))
      return { ...contact, webhook }
    } catch (error) {
      // The contact is in GHL; the webhook's last error stays on the push for the settings page.
      return { ...contact, webhook: { status: 'failed' as const, error: reason(error) } }
    }
  },
)
