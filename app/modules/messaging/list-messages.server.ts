import type { SendView } from './get-send.server'
import { pool } from '~/utils/db.server'
import { sendStopMessage } from './send-stop-reasons'

/**
 * A message as the API shows it, sent or received: an outbound one is its
 * send-queue row (every message we were asked to send, blocked ones too,
 * with the carrier's status once sent); an inbound one is the message as
 * received (`status` and `deliveryStatus` `received`, `purpose` null, `to`
 * the organization's number and `from` theirs).
 */
export type MessageView = Omit<SendView, 'purpose' | 'status'> & {
  direction: 'outbound' | 'inbound'
  purpose: SendView['purpose'] | null
  status: SendView['status'] | 'received'
  /** Inbound: what opt-out detection made of it (`opt_out`, `opt_in`, `help`, `ambiguous`, `none`); null for outbound. */
  replyClass: string | null
}

export type MessageFilter = {
  direction?: 'outbound' | 'inbound'
  /** A queue status (`pending`, `sent`, `blocked`, …) or `received` (inbound). */
  status?: string
  conversationId?: string
  /** The lead's messages: sent to it, and every message of its conversations. */
  leadId?: string
  since?: Date
  until?: Date
}

type Row = {
  id: string
  direction: 'outbound' | 'inbound'
  batch_id: string | null
  lead_id: string | null
  purpose: SendView['purpose'] | null
  status: MessageView['status']
  delivery_status: SendView['deliveryStatus']
  to_e164: string
  from_e164: string | null
  body: string
  block_reason: string | null
  decision: { detail?: unknown; recheck?: { detail?: unknown } } | null
  error_code: number | null
  error_message: string | null
  conversation_id: string | null
  created_at: Date
  sent_at: Date | null
  reply_class: string | null
}

const text = (value: unknown) => (typeof value === 'string' && value ? value : null)

// The send-queue side: what was asked to be sent, with the message log's carrier status once it went (the log is partitioned by created_at and written after the queue row: a day's slack bounds the search).
const OUTBOUND = `
  SELECT q.id, 'outbound' AS direction, q.batch_id, q.lead_id, q.purpose::text AS purpose, q.status::text AS status, m.status::text AS delivery_status,
         q.to_e164, q.from_e164, q.body, q.block_reason, q.decision, coalesce(q.error_code, m.error_code) AS error_code, q.error_message,
         q.conversation_id, q.created_at, q.sent_at, NULL::text AS reply_class
    FROM send_queue q
    LEFT JOIN LATERAL (
      SELECT status, error_code FROM messages WHERE id = q.message_id AND organization_id = q.organization_id AND created_at >= q.created_at - interval '1 day' LIMIT 1) m ON true
   WHERE q.organization_id = $1`

const INBOUND = `
  SELECT m.id, 'inbound' AS direction, NULL::uuid AS batch_id, c.lead_id, NULL::text AS purpose, 'received' AS status, m.status::text AS delivery_status,
         m.to_e164, m.from_e164, m.body, NULL::text AS block_reason, NULL::jsonb AS decision, m.error_code, NULL::text AS error_message,
         m.conversation_id, m.created_at, NULL::timestamptz AS sent_at, m.reply_class
    FROM messages m
    LEFT JOIN conversations c ON c.id = m.conversation_id
   WHERE m.organization_id = $1 AND m.direction = 'inbound'`

/**
 * The organization's messages, sent and received, newest first (keyset on
 * created_at, id; `after` is the last row of the page before), filtered.
 * `limit + 1` rows come back so the caller knows whether another page follows.
 * `GET /api/v1/messages` and a conversation's thread read through this.
 */
export async function listMessages(options: { organizationId: string; filter?: MessageFilter; limit: number; after?: { createdAt: Date; id: string } | null }): Promise<MessageView[]> {
  const f = options.filter ?? {}
  const outbound = f.direction !== 'inbound' && f.status !== 'received'
  const inbound = f.direction !== 'outbound' && (f.status === undefined || f.status === 'received')
  // $2 since, $3 until, $4/$5 cursor, $6 conversation, $7 lead, $8 status, $9 limit.
  const window = (alias: string) => `
     AND ($2::timestamptz IS NULL OR ${alias}.created_at >= $2) AND ($3::timestamptz IS NULL OR ${alias}.created_at < $3)
     AND ($4::timestamptz IS NULL OR (${alias}.created_at, ${alias}.id) < ($4::timestamptz, $5::uuid))
     AND ($6::uuid IS NULL OR ${alias}.conversation_id = $6)`
  const parts: string[] = []
  if (outbound) {
    parts.push(`(${OUTBOUND} ${window('q')}
       AND ($7::uuid IS NULL OR q.lead_id = $7 OR q.conversation_id IN (SELECT id FROM conversations WHERE organization_id = $1 AND lead_id = $7))
       AND ($8::text IS NULL OR q.status::text = $8)
     ORDER BY q.created_at DESC, q.id DESC LIMIT $9)`)
  }
  if (inbound) {
    parts.push(`(${INBOUND} ${window('m')}
       AND ($7::uuid IS NULL OR c.lead_id = $7)
       AND ($8::text IS NULL OR $8 = 'received')
     ORDER BY m.created_at DESC, m.id DESC LIMIT $9)`)
  }
  if (parts.length === 0) return []
  const { rows } = await pool.query<Row>(`SELECT * FROM (${parts.join(' UNION ALL ')}) x ORDER BY created_at DESC, id DESC LIMIT $9`, [
    options.organizationId,
    f.since ?? null,
    f.until ?? null,
    options.after?.createdAt ?? null,
    options.after?.id ?? null,
    f.conversationId ?? null,
    f.leadId ?? null,
    f.status ?? null,
    options.limit + 1,
  ])
  return rows.map(toView)
}

/** An inbound message of the organization by its id; null when there is none. */
export async function getInboundMessage(options: { organizationId: string; id: string }): Promise<MessageView | null> {
  const { rows } = await pool.query<Row>(`${INBOUND} AND m.id = $2 LIMIT 1`, [options.organizationId, options.id])
  return rows[0] ? toView(rows[0]) : null
}

function toView(r: Row): MessageView {
  const reason = r.block_reason
  return {
    id: r.id,
    direction: r.direction,
    batchId: r.batch_id,
    leadId: r.lead_id,
    purpose: r.purpose,
    status: r.status,
    deliveryStatus: r.delivery_status,
    to: r.to_e164,
    from: r.from_e164,
    body: r.body,
    blockReason: reason,
    blockMessage: reason ? sendStopMessage(reason) : null,
    blockDetail: reason ? (text(r.decision?.recheck?.detail) ?? text(r.decision?.detail)) : null,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    conversationId: r.conversation_id,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    replyClass: r.reply_class,
  }
}
