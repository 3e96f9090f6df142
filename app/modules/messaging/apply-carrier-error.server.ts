import { systemActor } from '~/modules/audit/actor'
import { checkCampaignHealth, pauseCampaignOfBatch } from '~/modules/campaigns/check-campaign-health.server'
import { logger } from '~/utils/logger.server'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { pool } from '~/utils/db.server'
import { cancelQueuedSends } from './cancel-queued-sends.server'
import { twilioErrorAction } from './twilio-error-actions'

/** Carrier-filtered messages (30007) from one number in 24 hours above which the number is paused. */
export const FILTERED_PAUSE_THRESHOLD = 5

/**
 * What a carrier's final error means beyond the one message: 21610 (the
 * person texted STOP at the carrier) is an opt-out; an unreachable or
 * invalid number is suppressed (recorded as a wrong number, so the gate
 * blocks it); carrier filtering above a threshold pauses the sender; an
 * unregistered campaign (30034) stops the batch; a campaign whose filtered
 * or failed share reaches its limit pauses itself. Retry and back-off codes
 * are the dispatcher's (they change when, not whether).
 */
export async function applyCarrierError(options: {
  organizationId: string
  to: string
  senderNumberId: string | null
  batchId: string | null
  errorCode: number
  /** The carrier's message id, or our queue row id: evidence, and what makes recording it twice add nothing. */
  reference: string
}): Promise<{ action: string }> {
  const { action, pauseSenderAboveThreshold } = twilioErrorAction(options.errorCode)
  const actor = systemActor('carrier', { organizationId: options.organizationId })
  const evidence = { carrierErrorCode: options.errorCode, reference: options.reference }
  if (action === 'opt_out' || action === 'suppress_number') {
    await recordConsentEvent({
      actor,
      organizationId: options.organizationId,
      scope: 'organization',
      kind: action === 'opt_out' ? 'opt_out' : 'wrong_number',
      phone: options.to,
      source: 'carrier',
      evidence,
      evidenceKey: `carrier:${options.organizationId}:${options.reference}:${options.errorCode}`,
    })
    await cancelQueuedSends({ organizationId: options.organizationId, to: options.to, reason: action === 'opt_out' ? 'opted_out' : 'number_suppressed' })
  } else if (action === 'stop_campaign' && options.batchId) {
    // A campaign's batch goes on queueing: pause the campaign itself, with the carrier's reason, before canceling.
    await pauseCampaignOfBatch({ batchId: options.batchId, reason: `The carrier stopped this campaign’s messages (${options.errorCode}: unregistered or blocked campaign)` })
    await cancelQueuedSends({ organizationId: options.organizationId, batchId: options.batchId, reason: 'campaign_stopped_by_carrier' })
  } else if (pauseSenderAboveThreshold && options.senderNumberId) {
    await pool.query(
      `UPDATE sender_numbers SET status = 'paused', paused_reason = $3, updated_at = now()
        WHERE id = $1 AND status = 'active'
          AND (SELECT count(*) FROM send_queue WHERE sender_number_id = $1 AND error_code = $2 AND updated_at > now() - interval '24 hours') >= $4`,
      [options.senderNumberId, options.errorCode, `Carrier filtering (${options.errorCode}) on ${FILTERED_PAUSE_THRESHOLD} or more messages in 24 hours`, FILTERED_PAUSE_THRESHOLD],
    )
  }
  if (options.batchId) {
    // A failure of the check must not fail the send or the status callback that reported the error.
    await checkCampaignHealth({ batchId: options.batchId }).catch((error: unknown) => logger.error('campaign health check failed', { err: error, batchId: options.batchId }))
  }
  return { action }
}
