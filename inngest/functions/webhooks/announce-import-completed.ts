import { emitWebhookEvent } from '~/modules/webhooks/emit-webhook-event.server'
import { inngest } from '../../client'
import { importCompleted } from '../../events'

/**
 * `import.completed` to the organization's endpoints, from the event the
 * import run sends once its extraction is recorded (committed). An import
 * announces itself once, with its counts; the leads and consent events it
 * merged are not announced one by one (docs/decisions/049).
 */
export const announceImportCompleted = inngest.createFunction(
  {
    id: 'webhooks-announce-import-completed',
    name: 'Announce a completed import to webhook endpoints',
    triggers: [importCompleted],
    retries: 3,
  },
  async ({ event, step }) =>
    step.run('emit', async () => {
      const { organizationId, importFileId, extractionId, extractionNumber, counts } = event.data
      const emitted = await emitWebhookEvent({ organizationId, type: 'import.completed', data: { import: { id: importFileId, extractionId, extractionNumber, counts } } })
      return { eventId: emitted?.eventId ?? null, deliveries: emitted?.deliveryIds.length ?? 0 }
    }),
)
