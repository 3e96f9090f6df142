import { pool } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { carrierForAccount } from './carrier.server'
import { recordAcceptedSend, type Claimed } from './dispatch-sender-queue.server'

/** An unknown send is looked up this long after its call at the earliest (the carrier's list lags a little). */
export const LOOKUP_AFTER_MINUTES = 2
/** Not found at the carrier this long after the call: it never got there. */
export const GIVE_UP_AFTER_MINUTES = 30

/**
 * Settles sends whose outcome is unknown and whose carrier id we never got
 * (the connection dropped, the process died mid-call): asks the carrier
 * whether it has the message (from, to, body, since the call). Found, it is
 * recorded as sent — conversation, history, counts — exactly as if the call
 * had answered; still not found after GIVE_UP_AFTER_MINUTES, it failed and
 * says so. Never sent again either way.
 */
export async function settleUnknownSends(options: { now?: Date; limit?: number } = {}) {
  const now = options.now ?? new Date()
  const { rows } = await pool.query<Claimed & { updated_at: Date; kind: 'twilio' | 'simulated'; account_sid: string | null; auth_token_ciphertext: string | null; auth_token_key_id: string | null }>(
    `SELECT q.id, q.organization_id, q.batch_id, q.purpose, q.lead_id, q.vertical_id, q.conversation_id, q.to_e164, q.recipient_state,
            q.from_e164, q.sender_number_id, q.body, q.attempts, q.sent_at, q.updated_at,
            ca.kind, ca.account_sid, ca.auth_token_ciphertext, ca.auth_token_key_id
       FROM send_queue q JOIN sender_numbers sn ON sn.id = q.sender_number_id JOIN carrier_accounts ca ON ca.id = sn.carrier_account_id
      WHERE q.status = 'unknown' AND q.carrier_sid IS NULL AND q.updated_at < $1::timestamptz - make_interval(mins => $2)
      ORDER BY q.updated_at LIMIT $3`,
    [now, LOOKUP_AFTER_MINUTES, options.limit ?? 200],
  )
  let found = 0
  let failed = 0
  for (const row of rows) {
    const carrier = carrierForAccount(row)
    try {
      const candidate = await carrier.findSent({ from: row.from_e164, to: row.to_e164, body: row.body, since: new Date(row.updated_at.getTime() - 10 * 60_000) })
      // A retry's earlier attempt has the same from, to and body: a message we already recorded is not this one.
      const sent = candidate && !(await isRecorded(candidate.sid)) ? candidate : null
      if (sent) {
        await recordAcceptedSend(row, sent)
        found++
      } else if (row.updated_at.getTime() < now.getTime() - GIVE_UP_AFTER_MINUTES * 60_000) {
        await pool.query(
          `UPDATE send_queue SET status = 'failed', error_message = 'The carrier has no record of this message: it was not sent', updated_at = now() WHERE id = $1 AND status = 'unknown'`,
          [row.id],
        )
        if (row.batch_id) await pool.query(`UPDATE send_batches SET failed = failed + 1 WHERE id = $1`, [row.batch_id])
        failed++
      }
    } catch (error) {
      logger.warn('an unknown send could not be looked up; it stays unknown', { err: error, sendQueueId: row.id })
    }
  }
  return { looked: rows.length, found, failed }
}

async function isRecorded(carrierSid: string): Promise<boolean> {
  const { rows } = await pool.query(`SELECT 1 FROM messages WHERE carrier_sid = $1 AND direction = 'outbound' LIMIT 1`, [carrierSid])
  return rows.length > 0
}
