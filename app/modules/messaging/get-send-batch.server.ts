import { maskPhone } from '~/modules/leads/mask-phone'
import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'
import { sendStopMessage } from './send-stop-reasons'

/** Recipients shown on a batch's page; the counts cover all of them. */
export const BATCH_PAGE_ITEMS = 500

export type SendBatchItem = {
  id: string
  leadId: string | null
  name: string | null
  to: string
  from: string | null
  /** Where the send stands in our queue. */
  status: string
  /** What the carrier reported, once sent. */
  deliveryStatus: string | null
  blockReason: string | null
  /** What the block reason means, for an operator. */
  blockMessage: string | null
  blockDetail: string | null
  errorCode: number | null
  conversationId: string | null
  /** The recipient's latest reply in the conversation, and what opt-out detection made of it. */
  reply: { body: string; replyClass: string | null } | null
}

export type SendBatchView = {
  id: string
  purpose: string
  body: string
  createdAt: string
  actorLabel: string
  counts: { requested: number; queued: number; blocked: number; sent: number; delivered: number; failed: number; canceled: number; replies: number }
  /** Something is still to happen: queued messages, or sent ones not yet delivered or failed. */
  active: boolean
  items: SendBatchItem[]
  truncated: boolean
}

/**
 * One send batch as its page shows it: the counts the pipeline keeps, and
 * its recipients — blocked ones first, each with its reason — with their
 * delivery and any reply. Numbers are masked unless `showFullPhoneNumbers`.
 */
export async function getSendBatch(options: { organizationId: string; batchId: string; showFullPhoneNumbers: boolean }): Promise<SendBatchView> {
  const batch = await pool.query(
    `SELECT id, purpose, body, created_at, actor_label, requested, queued, blocked, sent, delivered, failed, canceled
       FROM send_batches WHERE id = $1 AND organization_id = $2`,
    [options.batchId, options.organizationId],
  )
  const row = batch.rows[0]
  if (!row) throw new AppError('send_batch_not_found', 'No such send in this organization.', 404)
  const items = await pool.query(
    `SELECT q.id, q.lead_id, i.full_name, q.to_e164, q.from_e164, q.status, q.block_reason, q.decision, q.error_code, q.conversation_id,
            m.status AS delivery_status, reply.body AS reply_body, reply.reply_class
       FROM send_queue q
       LEFT JOIN leads l ON l.id = q.lead_id
       LEFT JOIN identities i ON i.id = l.identity_id
       LEFT JOIN LATERAL (SELECT status FROM messages WHERE id = q.message_id AND created_at >= q.created_at - interval '1 day' LIMIT 1) m ON q.message_id IS NOT NULL
       LEFT JOIN LATERAL (
         SELECT body, reply_class FROM messages
          WHERE conversation_id = q.conversation_id AND direction = 'inbound' AND created_at >= q.created_at
          ORDER BY created_at DESC LIMIT 1) reply ON q.conversation_id IS NOT NULL
      WHERE q.batch_id = $1
      ORDER BY (q.status IN ('blocked', 'canceled')) DESC, q.created_at, q.id
      LIMIT $2`,
    [options.batchId, BATCH_PAGE_ITEMS + 1],
  )
  const show = (e164: string | null) => (e164 && !options.showFullPhoneNumbers ? maskPhone(e164) : e164)
  const mapped: SendBatchItem[] = items.rows.slice(0, BATCH_PAGE_ITEMS).map((r) => {
    const reason = (r.block_reason ?? null) as string | null
    const decision = (r.decision ?? {}) as { detail?: string; recheck?: { detail?: string | null } }
    return {
      id: r.id,
      leadId: r.lead_id,
      name: r.full_name,
      to: show(r.to_e164)!,
      from: show(r.from_e164),
      status: r.status,
      deliveryStatus: r.delivery_status,
      blockReason: reason,
      blockMessage: reason ? sendStopMessage(reason) : null,
      blockDetail: decision.recheck?.detail ?? decision.detail ?? null,
      errorCode: r.error_code,
      conversationId: r.conversation_id,
      reply: r.reply_body === null ? null : { body: r.reply_body, replyClass: r.reply_class },
    }
  })
  const settled = ['delivered', 'undelivered', 'failed']
  const truncated = items.rows.length > BATCH_PAGE_ITEMS
  const active =
    mapped.some((i) => i.status === 'pending' || i.status === 'sending' || (i.status === 'sent' && !settled.includes(i.deliveryStatus ?? ''))) ||
    (truncated && row.delivered + row.failed + row.canceled < row.queued)
  return {
    id: row.id,
    purpose: row.purpose,
    body: row.body,
    createdAt: row.created_at.toISOString(),
    actorLabel: row.actor_label,
    counts: {
      requested: row.requested, queued: row.queued, blocked: row.blocked, sent: row.sent, delivered: row.delivered, failed: row.failed, canceled: row.canceled,
      replies: mapped.filter((i) => i.reply).length,
    },
    active,
    items: mapped,
    truncated,
  }
}
