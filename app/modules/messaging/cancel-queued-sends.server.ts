import { pool } from '~/utils/db.server'
import type { CancelReason } from './send-stop-reasons'

/**
 * Cancels every message still waiting to go (pending, or held by a paused
 * campaign) to a number in an organization
 * (after an opt-out: nothing queued before it may follow it), or every
 * waiting message of a batch (a campaign the carrier stopped, or cancelled). Returns how
 * many were canceled; the batches' counts follow.
 */
export async function cancelQueuedSends(options: { organizationId: string; to?: string; batchId?: string; reason: CancelReason }): Promise<number> {
  if (!options.to && !options.batchId) throw new Error('cancelQueuedSends needs a number or a batch')
  const { rows } = await pool.query<{ batch_id: string | null; n: number }>(
    `WITH canceled AS (
       UPDATE send_queue SET status = 'canceled', block_reason = $4, updated_at = now()
        WHERE organization_id = $1 AND status IN ('pending', 'held')
          AND ($2::text IS NULL OR to_e164 = $2) AND ($3::uuid IS NULL OR batch_id = $3)
        RETURNING batch_id
     ), counted AS (
       SELECT batch_id, count(*)::int AS n FROM canceled GROUP BY 1
     ), updated AS (
       UPDATE send_batches b SET canceled = b.canceled + c.n FROM counted c WHERE b.id = c.batch_id
     )
     SELECT batch_id, n FROM counted`,
    [options.organizationId, options.to ?? null, options.batchId ?? null, options.reason],
  )
  return rows.reduce((sum, r) => sum + r.n, 0)
}
