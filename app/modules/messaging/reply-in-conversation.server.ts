import type { Actor } from '~/modules/audit/actor'
import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'
import { queueSends } from './queue-sends.server'

/**
 * An operator's reply in a conversation: queued through the same gate as
 * every message (purpose `reply`), to the conversation's person, from the
 * conversation's own number (or not at all, when that number cannot send).
 */
export async function replyInConversation(options: { organizationId: string; conversationId: string; actor: Actor; body: string; idempotencyKey?: string }) {
  const found = await pool.query<{ to_e164: string; from_e164: string }>(`SELECT to_e164, from_e164 FROM conversations WHERE id = $1 AND organization_id = $2`, [
    options.conversationId,
    options.organizationId,
  ])
  const conversation = found.rows[0]
  if (!conversation) throw new AppError('conversation_not_found', 'No such conversation in this organization.', 404)
  return queueSends({
    organizationId: options.organizationId,
    actor: options.actor,
    purpose: 'reply',
    body: options.body,
    to: [conversation.to_e164],
    fromE164: conversation.from_e164,
    ...(options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {}),
  })
}
