import { failAbandonedEmails, findStrandedEmails } from '~/modules/integrations/email/stranded-emails.server'
import { inngest } from '../../client'
import { emailQueuedEvent } from '../../events'

/**
 * Every five minutes: an email row is committed before its delivery event is
 * sent, so a crash in between leaves it `queued` with nothing to deliver it.
 * Resending the event with its original id is safe (a delivery that already
 * exists is deduplicated); rows past the dedupe window are marked failed.
 */
export const requeueStrandedEmails = inngest.createFunction(
  {
    id: 'email-requeue-stranded',
    name: 'Resend delivery events for stranded queued emails',
    triggers: [{ cron: '*/5 * * * *' }],
  },
  async ({ step }) => {
    const abandoned = await step.run('fail-abandoned', () => failAbandonedEmails({ now: new Date() }))
    const stranded = await step.run('find-stranded', () => findStrandedEmails({ now: new Date() }))
    if (stranded.length > 0) {
      await step.sendEvent('requeue', stranded.map(emailQueuedEvent))
    }
    return { requeued: stranded.length, abandoned }
  },
)
