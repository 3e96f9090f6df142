import { sendStopMessage } from '~/modules/messaging/send-stop-reasons'
import { pool } from '~/utils/db.server'

export type CampaignCounts = {
  /** Leads in the launch snapshot. */
  audience: number
  /** Waiting to go: pending, held by a pause, or being sent. */
  queued: number
  blocked: number
  sent: number
  delivered: number
  failed: number
  canceled: number
  /** Recipients who wrote back after their message. */
  replies: number
  /** Of them, those whose reply was an opt-out. */
  optOuts: number
  blockedByReason: { reason: string; count: number; message: string }[]
}

export const NO_COUNTS: CampaignCounts = { audience: 0, queued: 0, blocked: 0, sent: 0, delivered: 0, failed: 0, canceled: 0, replies: 0, optOuts: 0, blockedByReason: [] }

/**
 * The counts of each send batch (a campaign's messages), by batch id: what
 * waits, was blocked (by reason) or canceled from its queue rows; what was
 * sent, delivered and failed from the counts the pipeline keeps; replies and
 * opt-outs from its conversations.
 */
export async function countBatches(batchIds: readonly string[]): Promise<Map<string, Omit<CampaignCounts, 'audience'>>> {
  const counts = new Map<string, Omit<CampaignCounts, 'audience'>>()
  if (!batchIds.length) return counts
  const [queue, batches, replies] = await Promise.all([
    pool.query<{ batch_id: string; status: string; block_reason: string | null; n: number }>(
      `SELECT batch_id, status, block_reason, count(*)::int AS n FROM send_queue
        WHERE batch_id = ANY($1::uuid[]) AND status IN ('pending', 'held', 'sending', 'blocked', 'canceled')
        GROUP BY 1, 2, 3`,
      [batchIds],
    ),
    pool.query<{ id: string; blocked: number; sent: number; delivered: number; failed: number }>(
      `SELECT id, blocked, sent, delivered, failed FROM send_batches WHERE id = ANY($1::uuid[])`,
      [batchIds],
    ),
    pool.query<{ batch_id: string; replies: number; opt_outs: number }>(
      `SELECT q.batch_id, count(*)::int AS replies, count(*) FILTER (WHERE o.opted_out)::int AS opt_outs
         FROM send_queue q
         JOIN conversations c ON c.id = q.conversation_id AND c.last_inbound_at >= q.sent_at
         LEFT JOIN LATERAL (
           SELECT true AS opted_out FROM messages m
            WHERE m.conversation_id = c.id AND m.direction = 'inbound' AND m.reply_class = 'opt_out' AND m.created_at >= q.sent_at
            LIMIT 1) o ON true
        WHERE q.batch_id = ANY($1::uuid[]) AND q.sent_at IS NOT NULL
        GROUP BY 1`,
      [batchIds],
    ),
  ])
  for (const b of batches.rows) {
    counts.set(b.id, { queued: 0, blocked: 0, sent: b.sent, delivered: b.delivered, failed: b.failed, canceled: 0, replies: 0, optOuts: 0, blockedByReason: [] })
  }
  for (const row of queue.rows) {
    const c = counts.get(row.batch_id)
    if (!c) continue
    if (row.status === 'blocked') {
      c.blocked += row.n
      const reason = row.block_reason ?? 'unknown'
      const known = c.blockedByReason.find((r) => r.reason === reason)
      if (known) known.count += row.n
      else c.blockedByReason.push({ reason, count: row.n, message: sendStopMessage(reason) })
    } else if (row.status === 'canceled') c.canceled += row.n
    else c.queued += row.n
  }
  // Leads without a number have no queue row: the batch's blocked count has them.
  for (const b of batches.rows) {
    const c = counts.get(b.id)!
    if (b.blocked > c.blocked) {
      c.blockedByReason.push({ reason: 'no_phone', count: b.blocked - c.blocked, message: sendStopMessage('no_phone') })
      c.blocked = b.blocked
    }
  }
  for (const row of replies.rows) {
    const c = counts.get(row.batch_id)
    if (c) Object.assign(c, { replies: row.replies, optOuts: row.opt_outs })
  }
  for (const c of counts.values()) c.blockedByReason.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
  return counts
}

/** Several campaigns' counts added up (a crusade's rollup). */
export function addCounts(all: readonly CampaignCounts[]): CampaignCounts {
  const total: CampaignCounts = { ...NO_COUNTS, blockedByReason: [] }
  for (const c of all) {
    for (const key of ['audience', 'queued', 'blocked', 'sent', 'delivered', 'failed', 'canceled', 'replies', 'optOuts'] as const) total[key] += c[key]
    for (const r of c.blockedByReason) {
      const known = total.blockedByReason.find((t) => t.reason === r.reason)
      if (known) known.count += r.count
      else total.blockedByReason.push({ ...r })
    }
  }
  total.blockedByReason.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
  return total
}
