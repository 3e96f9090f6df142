import type { PoolClient } from 'pg'
import { pool } from '~/utils/db.server'
import { inngest } from '../../../inngest/client'
import { dispatchRequestedEvent } from '../../../inngest/events'
import { applyCarrierError } from './apply-carrier-error.server'
import { carrierRetryTime } from './carrier-retry-time'
import { recordAcceptedSend, type Claimed } from './dispatch-sender-queue.server'
import { mapTwilioStatus, nextStatus, type MessageStatus } from './message-status-order'
import { notifyMessageChanged } from './notify-message-changed.server'
import { twilioErrorAction } from './twilio-error-actions'
import { announceMessageWebhook } from '~/modules/webhooks/announce-message-webhooks.server'

export type RecordedStatus = { outcome: 'applied' | 'duplicate' | 'ignored' | 'unknown_message' | 'unknown_status'; status?: MessageStatus }

const FINAL_COUNTERS: Partial<Record<MessageStatus, 'delivered' | 'failed'>> = { delivered: 'delivered', undelivered: 'failed', failed: 'failed' }

/**
 * One status report from a carrier (a Twilio status callback, or the
 * simulated carrier). Every report is kept once (the same sid and status
 * twice is a duplicate, ignored); the message's status only moves forward (a
 * late "sent" after "delivered" is kept as an event but changes nothing); a
 * failure's error code is acted on: one that may clear (an unreachable
 * handset, a carrier's daily cap or rate limit) queues the message again for
 * later, within its tries (carrier-retry-time.ts); any other is final, and
 * acted on beyond the message (opt-out, suppression, …).
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
    to: string; senderNumberId: string | null; messageId: string; from: string; body: string | null; sendQueueId: string | null
  } | null = null
  let result: RecordedStatus
  let requeued: { id: string; senderNumberId: string; attempts: number } | null = null
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
      send_queue_id: string | null; to_e164: string; sender_number_id: string | null; from_e164: string; body: string | null
    }>(
      `SELECT id, created_at, status, organization_id, conversation_id, send_queue_id, to_e164, sender_number_id, from_e164, body
         FROM messages WHERE carrier_sid = $1 AND direction = 'outbound' FOR UPDATE`,
      [options.carrierSid],
    )
    const row = message.rows[0]
    if (!row) {
      // A send whose record failed after the carrier took it is `unknown` with the carrier's id. This report stays
      // unapplied; recording the send as the carrier took it (message, history, counts) applies it.
      const unknown = await client.query<Claimed>(
        `SELECT id, organization_id, batch_id, purpose, lead_id, vertical_id, conversation_id, to_e164, recipient_state,
                from_e164, sender_number_id, body, attempts, sent_at
           FROM send_queue WHERE carrier_sid = $1 AND status = 'unknown' LIMIT 1`,
        [options.carrierSid],
      )
      await client.query('COMMIT')
      const settling = unknown.rows[0]
      return settling ? await settleUnknownSend(settling, options.carrierSid) : { outcome: 'unknown_message' }
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
      const queued = await client.query<{ batch_id: string | null; attempts: number; status: string }>(
        `SELECT batch_id, attempts, status FROM send_queue WHERE id = $1 FOR UPDATE`,
        [row.send_queue_id],
      )
      const item = queued.rows[0]
      batchId = item?.batch_id ?? null
      const undelivered = next === 'undelivered' || next === 'failed'
      const action = undelivered && options.errorCode ? twilioErrorAction(options.errorCode) : null
      let retryAt = action && item?.status === 'sent' && row.sender_number_id ? carrierRetryTime(action.action, item.attempts) : null
      if (retryAt && (await overtaken(client, { batchId, conversationId: row.conversation_id, sentAt: row.created_at }))) retryAt = null
      if (retryAt) {
        // Not delivered, but it may be later (an unreachable handset, a carrier's cap or rate): queued again, and
        // counted as sent again only when it is; the gate is asked again when it is claimed.
        await client.query(
          `UPDATE send_queue SET status = 'pending', not_before = $2, error_code = $3, error_message = $4, carrier_sid = NULL, updated_at = now() WHERE id = $1`,
          [row.send_queue_id, retryAt, options.errorCode, action!.description],
        )
        if (batchId) await client.query(`UPDATE send_batches SET sent = greatest(sent - 1, 0) WHERE id = $1`, [batchId])
        requeued = { id: row.send_queue_id, senderNumberId: row.sender_number_id!, attempts: item!.attempts }
      } else {
        await client.query(
          `UPDATE send_queue SET status = CASE WHEN $2 IN ('undelivered', 'failed') THEN 'failed'::"SendQueueStatus" ELSE status END,
                  error_code = coalesce($3, error_code) WHERE id = $1`,
          [row.send_queue_id, next, options.errorCode ?? null],
        )
        const counter = FINAL_COUNTERS[next]
        if (batchId && counter) await client.query(`UPDATE send_batches SET ${counter} = ${counter} + 1 WHERE id = $1`, [batchId])
      }
    }
    await client.query('COMMIT')
    changed = {
      organizationId: row.organization_id, conversationId: row.conversation_id, batchId, status: next, to: row.to_e164, senderNumberId: row.sender_number_id,
      messageId: row.id, from: row.from_e164, body: row.body, sendQueueId: row.send_queue_id,
    }
    result = { outcome: 'applied', status: next }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
  if (requeued && changed.organizationId) {
    await inngest.send(dispatchRequestedEvent(changed.organizationId, requeued.senderNumberId, `retry-${requeued.id}-${requeued.attempts}`))
  } else if (changed.organizationId && options.errorCode && (changed.status === 'undelivered' || changed.status === 'failed')) {
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
    // A failure that will be tried again is not final: only a delivery or a final failure is announced.
    const type = changed.status === 'delivered' ? 'message.delivered' : !requeued && (changed.status === 'undelivered' || changed.status === 'failed') ? 'message.failed' : null
    if (type) {
      await announceMessageWebhook({
        organizationId: changed.organizationId,
        type,
        message: {
          messageId: changed.messageId, sendQueueId: changed.sendQueueId, conversationId: changed.conversationId, direction: 'outbound', from: changed.from, to: changed.to,
          body: changed.body, status: changed.status, errorCode: options.errorCode ?? null, batchId: changed.batchId,
        },
      })
    }
  }
  return result
}

/**
 * Whether a message the carrier could not deliver must not be tried again
 * even though its error may clear: the person has written to us since it
 * was sent (the conversation took over; a hold on an unclear reply applies
 * to new messages only), or the carrier stopped its batch (30034).
 */
async function overtaken(client: PoolClient, options: { batchId: string | null; conversationId: string | null; sentAt: Date }): Promise<boolean> {
  const { rows } = await client.query<{ replied: boolean; stopped: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM conversations WHERE id = $1::uuid AND last_inbound_at > $3) AS replied,
            EXISTS (SELECT 1 FROM send_queue WHERE batch_id = $2::uuid AND block_reason = 'campaign_stopped_by_carrier') AS stopped`,
    [options.conversationId, options.batchId, options.sentAt],
  )
  return rows[0]!.replied || rows[0]!.stopped
}

/**
 * An `unknown` send the carrier reports on: recorded as sent with the
 * carrier's id (the reports kept for it so far are applied then), and the
 * pages told. Its later reports find the message and apply as any other.
 */
async function settleUnknownSend(row: Claimed, carrierSid: string): Promise<RecordedStatus> {
  const conversationId = await recordAcceptedSend(row, { sid: carrierSid, status: 'queued', numSegments: null })
  const { rows } = await pool.query<{ status: MessageStatus; error_code: number | null }>(
    `SELECT status, error_code FROM messages WHERE carrier_sid = $1 AND direction = 'outbound' LIMIT 1`,
    [carrierSid],
  )
  const message = rows[0]
  // A failure it was settled with is acted on as any other (an opt-out at the carrier, a suppressed number).
  if (message && (message.status === 'undelivered' || message.status === 'failed') && message.error_code) {
    await applyCarrierError({
      organizationId: row.organization_id,
      to: row.to_e164,
      senderNumberId: row.sender_number_id,
      batchId: row.batch_id,
      errorCode: message.error_code,
      reference: carrierSid,
    })
  }
  await notifyMessageChanged({ organizationId: row.organization_id, conversationId, batchId: row.batch_id })
  return { outcome: 'applied', ...(message ? { status: message.status } : {}) }
}
