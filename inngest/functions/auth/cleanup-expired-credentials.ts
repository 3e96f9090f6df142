import { deleteExpiredCredentials } from '~/modules/auth/delete-expired-credentials.server'
import { inngest } from '../../client'
import { authCleanupRequested } from '../../events'

/** Hourly (and on demand): drop sessions and sign-in links that can no longer be used. */
export const cleanupExpiredCredentials = inngest.createFunction(
  {
    id: 'auth-cleanup-expired-credentials',
    name: 'Delete expired sessions, links, passkey challenges and rate-limit windows',
    triggers: [{ cron: '17 * * * *' }, authCleanupRequested],
  },
  async ({ step }) => {
    const deleted = await step.run('delete-expired', () => deleteExpiredCredentials({ now: new Date() }))
    return deleted
  },
)
