import { systemActor } from '~/modules/audit/actor'
import { pool } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { pauseCampaign } from './pause-campaign.server'

/** Messages a campaign must have sent before its rates can pause it: two failures of the first five say little. */
export const HEALTH_MIN_SAMPLE = 20

/** Twilio's code for a message carrier filtering blocked. */
const FILTERED = 30007

/**
 * After a failure in a campaign's batch: pauses the campaign when the share
 * of its sent messages that carriers filtered (30007), or that failed, has
 * reached its threshold, with the figures as the reason. Returns the reason
 * it paused for, or null.
 */
export async function checkCampaignHealth(options: { batchId: string }): Promise<string | null> {
  const { rows } = await pool.query<{ id: string; organization_id: string; pause_filtered_percent: number; pause_failed_percent: number; attempted: number; failed: number; filtered: number }>(
    `SELECT c.id, c.organization_id, c.pause_filtered_percent, c.pause_failed_percent, s.attempted, s.failed, s.filtered
       FROM campaigns c,
            LATERAL (SELECT count(*)::int AS attempted, count(*) FILTER (WHERE q.status = 'failed')::int AS failed,
                            count(*) FILTER (WHERE q.error_code = ${FILTERED})::int AS filtered
                       FROM send_queue q WHERE q.batch_id = c.batch_id AND q.status IN ('sent', 'failed', 'unknown')) s
      WHERE c.batch_id = $1 AND c.status IN ('running', 'scheduled')`,
    [options.batchId],
  )
  const c = rows[0]
  if (!c || c.attempted < HEALTH_MIN_SAMPLE) return null
  const percent = (n: number) => (100 * n) / c.attempted
  const share = (n: number) => `${n} of ${c.attempted} sent messages (${percent(n).toFixed(1)}%)`
  const reason =
    percent(c.filtered) >= c.pause_filtered_percent
      ? `Carriers filtered ${share(c.filtered)} as spam (30007), at or above its ${c.pause_filtered_percent}% limit`
      : percent(c.failed) >= c.pause_failed_percent
        ? `${share(c.failed)} failed, at or above its ${c.pause_failed_percent}% limit`
        : null
  if (!reason) return null
  try {
    await pauseCampaign({ organizationId: c.organization_id, actor: systemActor('campaign health', { organizationId: c.organization_id }), campaignId: c.id, reason })
  } catch (error) {
    // Paused or ended by someone else meanwhile: nothing to do.
    if (error instanceof AppError && error.status === 409) return null
    throw error
  }
  return reason
}
