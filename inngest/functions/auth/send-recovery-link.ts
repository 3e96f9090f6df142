import { sendRecoveryLink } from '~/modules/auth/send-recovery-link.server'
import { inngest } from '../../client'
import { authRecoveryLinkRequested } from '../../events'

/**
 * After /recover has answered: looks the address up and, if an active user
 * has it, creates the link, queues the email and audits it, in one step.
 */
export const sendRequestedRecoveryLink = inngest.createFunction(
  {
    id: 'auth-send-recovery-link',
    name: 'Email a recovery link to the account asked for, if there is one',
    retries: 3,
    triggers: [authRecoveryLinkRequested],
  },
  async ({ event, step }) => {
    const { email, baseUrl, ip, requestId } = event.data
    return step.run('send-recovery-link', () => sendRecoveryLink({ email, baseUrl, ip, requestId }))
  },
)
