import { findStrandedImports } from '~/modules/ingest/find-stranded-imports.server'
import { inngest } from '../../client'
import { importRequestedEvent } from '../../events'

/**
 * Every ten minutes: an import is committed `queued` before its
 * `import/requested` event is sent, so a crash in between leaves it waiting
 * for a run that never comes. The event is sent again with an id fixed by
 * the import's last change, so sweeps repeat it only when something moved;
 * a run that was merely slow to start is harmless (one run per import, and
 * the run goes on from the stored cursors).
 */
export const requeueStrandedImports = inngest.createFunction(
  {
    id: 'ingest-requeue-stranded-imports',
    name: 'Resend the run request of imports left queued',
    triggers: [{ cron: '*/10 * * * *' }],
  },
  async ({ step }) => {
    const stranded = await step.run('find-stranded', async () =>
      (await findStrandedImports({ now: new Date() })).map((file) => ({ id: file.id, organizationId: file.organizationId, since: file.updatedAt.getTime() })),
    )
    if (stranded.length > 0) {
      await step.sendEvent(
        'requeue',
        stranded.map((file) => importRequestedEvent(file, 'requeued', String(file.since))),
      )
    }
    return { requeued: stranded.length }
  },
)
