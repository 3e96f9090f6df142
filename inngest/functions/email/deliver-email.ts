import { deliverEmail } from '~/modules/integrations/email/deliver-email.server'
import { markEmailFailed } from '~/modules/integrations/email/mark-email-failed.server'
import { inngest } from '../../client'
import { emailQueued } from '../../events'

/**
 * Delivers one queued email. Transient failures (network, Postmark 5xx, rate
 * limits) are retried by the `deliver` step; once its last attempt fails, the
 * error is recorded on the message, so every email ends up delivered, captured
 * or failed with its reason.
 */
export const deliverQueuedEmail = inngest.createFunction(
  {
    id: 'email-deliver',
    name: 'Deliver a queued email',
    retries: 5,
    triggers: [emailQueued],
  },
  async ({ event, step }) => {
    const { messageId } = event.data
    try {
      return await step.run('deliver', () => deliverEmail({ messageId }))
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const recorded = await step.run('record-failure', () =>
        markEmailFailed({ messageId, error: `Not delivered after retries: ${reason}` }),
      )
      return { status: 'failed' as const, error: reason, recorded }
    }
  },
)
