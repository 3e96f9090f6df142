import { systemActor } from '~/modules/audit/actor'
import { pool } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { pauseCampaign } from './pause-campaign.server'

/** Messages a campaign must have sent (since its launch or last resume) before its rates can pause it. */
export const HEALTH_MIN_SAMPLE = 20

/** A large campaign's rates are counted at most this often: a burst of failures counts its messages once, not once per failure. */
const CHECK_EVERY_MS = 2_000
/** Below this many messages a count is cheap, and every failure counts (a small campaign's pause must not wait for a next failure). */
const LARGE = 1_000

/** Twilio's code for a message carrier filtering blocked. */
const FILTERED = 30007

const lastChecked = new Map<string, { at: number; attempted: number }>()

/**
 * After a failure in a campaign's batch: pauses the campaign when the share
 * of the messages it sent since its launch or last resume that carriers
 * filtered (30007), or that failed, has reached its threshold, with the
 * figures as the reason (a resume starts the count again). Returns the
 * reason it paused for, or null.
 */
export async function checkCampaignHealth(options: { batchId: string; now?: number }): Promise<string | null> {
  const now = options.now ?? Date.now()
  const last = lastChecked.get(options.batchId)
  if (last && last.attempted >= LARGE && now - last.at < CHECK_EVERY_MS) return null
  const { rows } = await pool.query<{ id: string; organization_id: string; pause_filtered_percent: number; pause_failed_percent: number; attempted: number; failed: number; filtered: number }>(
    `SELECT c.id, c.organization_id, c.pause_filtered_percent, c.pause_failed_percent, s.attempted, s.failed, s.filtered
       FROM campaigns c,
            LATERAL (SELECT count(*)::int AS attempted, count(*) FILTER (WHERE q.status = 'failed')::int AS failed,
                            count(*) FILTER (WHERE q.error_code = ${FILTERED})::int AS filtered
                       FROM send_queue q
                      WHERE q.batch_id = c.batch_id AND q.status IN ('sent', 'failed', 'unknown')
                        AND coalesce(q.sent_at, q.updated_at) >= coalesce(c.health_since, '-infinity')) s
      WHERE c.batch_id = $1 AND c.status IN ('running', 'scheduled')`,
    [options.batchId],
  )
  const c = rows[0]
  if (c) lastChecked.set(options.batchId, { at: now, attempted: c.attempted })
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
  return (await pauseCampaignOfBatch({ batchId: options.batchId, reason })) ? reason : null
}

/** Pauses the running or scheduled campaign a batch belongs to (a system action, with its reason); false when there is none to pause. */
export async function pauseCampaignOfBatch(options: { batchId: string; reason: string }): Promise<boolean> {
  const { rows } = await pool.query<{ id: string; organization_id: string }>(
    `SELECT id, organization_id FROM campaigns WHERE batch_id = $1 AND status IN ('running', 'scheduled')`,
    [options.batchId],
  )
  const c = rows[0]
  if (!c) return false
  try {
    await pauseCampaign({ organizationId: c.organization_id, actor: systemActor('campaign health', { organizationId: c.organization_id }), campaignId: c.id, reason: options.reason })
    return true
  } catch (error) {
    // Paused or ended by someone else meanwhile: nothing to do.
    if (error instanceof AppError && error.status === 409) return false
    throw error
  }
}
