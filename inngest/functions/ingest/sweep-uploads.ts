import { deleteExpiredUploads } from '~/modules/ingest/delete-expired-uploads.server'
import { finalizeStrandedUploads } from '~/modules/ingest/finalize-stranded-uploads.server'
import { inngest } from '../../client'
import { ingestUploadsSweepRequested } from '../../events'

/**
 * Hourly (and on demand): uploads whose last byte arrived but whose hash
 * was never taken are completed; uploads that expired unfinished lose their
 * bytes and their row (audited as the system).
 */
export const sweepUploads = inngest.createFunction(
  {
    id: 'ingest-sweep-uploads',
    name: 'Complete stranded uploads and delete expired ones',
    triggers: [{ cron: '23 * * * *' }, ingestUploadsSweepRequested],
  },
  async ({ step }) => {
    const stranded = await step.run('complete-stranded', () => finalizeStrandedUploads({ now: new Date() }))
    const expired = await step.run('delete-expired', () => deleteExpiredUploads({ now: new Date() }))
    return { stranded, expired }
  },
)
