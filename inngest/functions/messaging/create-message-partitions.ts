import { ensureMessagePartitions } from '~/modules/messaging/ensure-message-partitions.server'
import { inngest } from '../../client'
import { messagePartitionsRequested } from '../../events'

/** Daily: the message log's partitions for this month and the next three exist before any message needs them. */
export const createMessagePartitions = inngest.createFunction(
  {
    id: 'messages-create-partitions',
    name: 'Create the message log’s coming partitions',
    triggers: [{ cron: '17 3 * * *' }, messagePartitionsRequested],
  },
  async ({ step }) => step.run('ensure', () => ensureMessagePartitions({})),
)
