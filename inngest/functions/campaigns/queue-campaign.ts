import { queueCampaignChunk } from '~/modules/campaigns/queue-campaign-chunk.server'
import { notifyCampaignChanged } from '~/modules/campaigns/notify-campaign-changed.server'
import { inngest } from '../../client'
import { campaignQueueRequested, campaignQueueRequestedEvent } from '../../events'

/** Chunks per run before it hands over to a new run (a run's history stays small). */
const CHUNKS_PER_RUN = 100

/**
 * Decides and queues a launched campaign's snapshot, a chunk per step
 * (queueCampaignChunk: the cursor moves with each chunk's rows in one
 * transaction, so a retried step queues nothing twice). One run per
 * campaign at a time.
 */
export const queueCampaign = inngest.createFunction(
  {
    id: 'campaigns-queue',
    name: 'Queue a campaign’s audience',
    triggers: [campaignQueueRequested],
    concurrency: { key: 'event.data.campaignId', limit: 1 },
    retries: 3,
  },
  async ({ event, step, runId }) => {
    const { organizationId, campaignId } = event.data
    const totals = { queued: 0, blocked: 0 }
    for (let i = 0; i < CHUNKS_PER_RUN; i++) {
      const chunk = await step.run(`chunk-${i}`, () => queueCampaignChunk({ campaignId }))
      totals.queued += chunk.queued
      totals.blocked += chunk.blocked
      await step.run(`notify-${i}`, () => notifyCampaignChanged({ organizationId, campaignId }))
      if (chunk.done) return { ...totals, done: true }
    }
    await step.sendEvent('continue', campaignQueueRequestedEvent(organizationId, campaignId, `continued-${runId}`))
    return { ...totals, done: false }
  },
)
