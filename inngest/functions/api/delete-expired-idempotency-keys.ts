import { deleteExpiredIdempotencyKeys } from '~/modules/integrations/delete-expired-idempotency-keys.server'
import { inngest } from '../../client'

/** Hourly: Idempotency-Keys are kept 24 hours (docs/decisions/020); then they and their stored answers go. */
export const expireIdempotencyKeys = inngest.createFunction(
  {
    id: 'api-delete-expired-idempotency-keys',
    name: 'Delete Idempotency-Keys older than 24 hours',
    triggers: [{ cron: '23 * * * *' }],
  },
  async ({ step }) => step.run('delete-expired', () => deleteExpiredIdempotencyKeys({ now: new Date() })),
)
