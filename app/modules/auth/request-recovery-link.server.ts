import { inngest } from '../../../inngest/client'
import { authRecoveryLinkRequested } from '../../../inngest/events'
import { logger } from '~/utils/logger.server'
import { authLimits, enforceRateLimits } from './enforce-rate-limit.server'

/**
 * Asks for a recovery link to be emailed. Does the same work for every
 * address, whether an account uses it or not (limits keyed on the IP and on
 * the address as typed, one queued event), so the answer, its status and its
 * timing tell nobody who has an account; `sendRecoveryLink` finds that out
 * in the background. A queue failure is logged and otherwise swallowed: the
 * caller answers as always, and the person gets no email and can ask again.
 */
export async function requestRecoveryLink(options: { email: string; baseUrl: string; ip: string | null; requestId?: string | null }) {
  const email = options.email.trim().toLowerCase()
  await enforceRateLimits([authLimits.recoveryByIp(options.ip), authLimits.recoveryLinksByAccount(email)])
  try {
    await inngest.send(authRecoveryLinkRequested.create({ email, baseUrl: options.baseUrl, ip: options.ip, requestId: options.requestId ?? null }))
  } catch (error) {
    logger.error('a recovery link request could not be queued; no link will be sent', { err: error })
  }
}
