import { pool } from '~/utils/db.server'
import { applyCarrierError } from './apply-carrier-error.server'
import { mapTwilioStatus, nextStatus, type MessageStatus } from './message-status-order'
import { notifyMessageChanged } from './notify-message-changed.server'

export type RecordedStatus = { outcome: 'applied' | 'duplicate' | 'ignored' | 'unknown_message' | 'unknown_status'; status?: MessageStatus }

const FINAL_COUNTERS: Partial<Record<MessageStatus, 'delivered' | 'failed'>> = { delivered: 'delivered', undelivered: 'failed', failed: 'failed' }

/**
 * One status report from a carrier (a Twilio status callback, or the
 * simulated carrier). Every report is kept once (the same sid and status
 * twice is a duplicate, ignored); the message's status only moves forward (a
 * late "sent" after "delivered" is kept as an event but changes nothing); a
 * final failure's error code is acted on (opt-out, suppression, …).
 */
export async function recordMessageStatus(options: {
  carrierSid: string
  status: string
  errorCode?: number | null
  payload?: Record<string, unknown>
}): Promise<RecordedStatus> {
  const mapped = mapTwilioStatus(options.status)
  const client = await pool.connect()
  let changed: {
    organizationId: string | null; conversationId: string | null; batchId: string | null; status: MessageStatus
    to: string; senderNumberId: string | null
  } | null = null
  let result: RecordedStatus
  try {
    await client.query('BEGIN')
    // One writer per carrier message at a time: the send may be recording it at this very moment (recordAcceptedSend).
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [options.carrierSid])
    const inserted = await client.query(
      `INSERT INTO message_status_events (carrier_sid, status, mapped, error_code, applied, payload)
       VALUES ($1, $2, $3, $4, false, $5) ON CONFLICT (carrier_sid, status) DO NOTHING RETURNING id`,
      [options.carrierSid, options.status, mapped, options.errorCode ?? null, JSON.stringify(options.payload ?? {})],
    )
    if (!inserted.rowCount) {
      await client.query('COMMIT')
      return { outcome: 'duplicate' }
    }
    if (!mapped) {
      await client.query('COMMIT')
      return { outcome: 'unknown_status' }
    }
    const message = await client.query<{
      id: string; created_at: Date; status: MessageStatus; organization_id: string | null; conversation_id: string | null
      send_queue_id: string | null; to_e164: string; sender_number_id: string | null
    }>(
      `SELECT id, created_at, status, organization_id, conversation_id, send_queue_id, to_e164, sender_number_id
         FROM messages WHERE carrier_sid = $1 AND direction = 'outbound' FOR UPDATE`,
      [options.carrierSid],
    )
    const row = message.rows[0]
    if (!row) {
      // A send whose record failed after the carrier took it is `unknown` with the carrier's id: its final status settles it.
      const settled = await client.query(
        `UPDATE send_queue SET status = CASE WHEN $2 IN ('undelivered', 'failed') THEN 'failed'::"SendQueueStatus" ELSE 'sent'::"SendQueueStatus" END,
                error_code = coalesce($3, error_code), updated_at = now()
          WHERE carrier_sid = $1 AND status = 'unknown' AND $2 IN ('sent', 'delivered', 'undelivered', 'failed')`,
        [options.carrierSid, mapped, options.errorCode ?? null],
      )
      await client.query('COMMIT')
      return { outcome: settled.rowCount ? 'applied' : 'unknown_message', ...(settled.rowCount ? { status: mapped } : {}) }
    }
    const next = nextStatus(row.status, mapped)
    if (!next) {
      await client.query('COMMIT')
      return { outcome: 'ignored', status: row.status }
    }
    await client.query(`UPDATE message_status_events SET applied = true WHERE id = $1`, [inserted.rows[0].id])
    await client.query(
      `UPDATE messages SET status = $3, error_code = coalesce($4, error_code), status_updated_at = now() WHERE id = $1 AND created_at = $2`,
      [row.id, row.created_at, next, options.errorCode ?? null],
    )
    let batchId: string | null = null
    if (row.send_queue_id) {
      const queue = await client.query<{ batch_id: string | null }>(
        `UPDATE send_queue SET status = CASE WHEN $2 IN ('undelivered', 'failed') THEN 'failed'::"SendQueueStatus" ELSE status END,
                error_code = coalesce($3, error_code) WHERE id = $1 RETURNING batch_id`,
        [row.send_queue_id, next, options.errorCode ?? null],
      )
      batchId = queue.rows[0]?.batch_id ?? null
      const counter = FINAL_COUNTERS[next]
      if (batchId && counter) await client.query(`UPDATE send_batches SET ${counter} = ${counter} + 1 WHERE id = $1`, [batchId])
    }
    await client.query('COMMIT')
    changed = { organizationId: row.organization_id, conversationId: row.conversation_id, batchId, status: next, to: row.to_e164, senderNumberId: row.sender_number_id }
    result = { outcome: 'applied', status: next }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
  if (changed.organizationId && options.errorCode && (changed.status === 'undelivered' || changed.status === 'failed')) {
    await applyCarrierError({
      organizationId: changed.organizationId,
      to: changed.to,
      senderNumberId: changed.senderNumberId,
      batchId: changed.batchId,
      errorCode: options.errorCode,
      reference: options.carrierSid,
    })
  }
  if (changed.organizationId) {
    await notifyMessageChanged({ organizationId: changed.organizationId, conversationId: changed.conversationId, batchId: changed.batchId })
  }
  return result
}
