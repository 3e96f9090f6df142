import { pool } from '~/utils/db.server'

/** A send `sending` this long was interrupted: its carrier call ended long ago, one way or the other. */
export const STRANDED_AFTER_MINUTES = 5

/**
 * Marks sends left `sending` (a crash between the carrier call and its
 * record) as `unknown` — never pending again: the carrier may have the
 * message — and lists numbers with messages due and none in flight for the
 * last minutes, whose dispatch run was lost.
 */
export async function settleStrandedSends(options: { now?: Date }) {
  const now = options.now ?? new Date()
  const marked = await pool.query(
    `UPDATE send_queue SET status = 'unknown', error_message = 'Interrupted after the carrier call began; the outcome is unknown', updated_at = now()
      WHERE status = 'sending' AND updated_at < $1::timestamptz - make_interval(mins => $2)`,
    [now, STRANDED_AFTER_MINUTES],
  )
  const idle = await pool.query<{ organization_id: string; sender_number_id: string; since: string }>(
    `SELECT q.organization_id, q.sender_number_id, extract(epoch FROM min(q.not_before))::bigint::text AS since
       FROM send_queue q
      WHERE q.status = 'pending' AND q.not_before < $1::timestamptz - make_interval(mins => $2) AND q.sender_number_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM send_queue s WHERE s.sender_number_id = q.sender_number_id AND s.status = 'sending')
      GROUP BY 1, 2`,
    [now, STRANDED_AFTER_MINUTES],
  )
  return {
    markedUnknown: marked.rowCount ?? 0,
    idleSenders: idle.rows.map((r) => ({ organizationId: r.organization_id, senderNumberId: r.sender_number_id, since: r.since })),
  }
}
