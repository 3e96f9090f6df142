import type { Actor } from '~/modules/audit/actor'
import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'
import { queueSends } from './queue-sends.server'

/**
 * An operator's reply in a conversation: queued through the same gate as
 * every message, to the conversation's person, from the
 * conversation's own number (or not at all, when that number cannot send).
 * The reply belongs to the thread from the start, blocked or waiting.
 * It is a `reply` only once the person has written to us; until then a
 * message in the thread is `marketing`, with every marketing check (consent
 * policy, the national registry, the cooldown).
 */
export async function replyInConversation(options: { organizationId: string; conversationId: string; actor: Actor; body: string; idempotencyKey?: string }) {
  const found = await pool.query<{ to_e164: string; from_e164: string; last_inbound_at: Date | null }>(
    `SELECT to_e164, from_e164, last_inbound_at FROM conversations WHERE id = $1 AND organization_id = $2`,
    [options.conversationId, options.organizationId],
  )
  const conversation = found.rows[0]
  if (!conversation) throw new AppError('conversation_not_found', 'No such conversation in this organization.', 404)
  const sent = await queueSends({
    organizationId: options.organizationId,
    actor: options.actor,
    purpose: conversation.last_inbound_at ? 'reply' : 'marketing',
    body: options.body,
    to: [conversation.to_e164],
    fromE164: conversation.from_e164,
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
  })
  const ids = [...sent.queued.map((q) => q.id), ...sent.blocked.flatMap((b) => (b.id ? [b.id] : []))]
  if (ids.length > 0) {
    await pool.query(`UPDATE send_queue SET conversation_id = $1 WHERE id = ANY($2::uuid[]) AND organization_id = $3 AND conversation_id IS NULL`, [
      options.conversationId,
      ids,
      options.organizationId,
    ])
  }
  return sent
}
