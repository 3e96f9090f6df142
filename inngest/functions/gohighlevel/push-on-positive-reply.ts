import { pushOnPositiveReply } from '~/modules/integrations/gohighlevel/push-on-positive-reply.server'
import { inngest } from '../../client'
import { positiveReplyReceived } from '../../events'

/** A reply read as interested: push its lead to GoHighLevel when the organization asked for that. */
export const pushPositiveReplyToGoHighLevel = inngest.createFunction(
  {
    id: 'gohighlevel-positive-reply',
    name: 'Push a positive reply’s lead to GoHighLevel',
    retries: 3,
    triggers: [positiveReplyReceived],
  },
  async ({ event, step }) => step.run('request-push', () => pushOnPositiveReply(event.data)),
)
