import { decideConsentByPurpose } from '~/modules/compliance/decide-sends.server'
import { maskPhone } from '~/modules/leads/mask-phone'
import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'

/** Messages a conversation page shows: the latest ones. */
export const CONVERSATION_MESSAGES = 200

export type ConversationMessage = {
  id: string
  direction: 'outbound' | 'inbound'
  body: string
  status: string
  replyClass: string | null
  errorCode: number | null
  createdAt: string
}

/**
 * A conversation with its latest messages (oldest first) and where the
 * person stands: whether a reply may be sent, and if not, why. Numbers are
 * masked unless `showFullPhoneNumbers`.
 */
export async function getConversation(options: { organizationId: string; conversationId: string; showFullPhoneNumbers: boolean; withMessages?: boolean }) {
  const found = await pool.query(
    `SELECT c.id, c.to_e164, c.from_e164, c.lead_id, c.identity_id, i.full_name, c.last_message_at, c.last_inbound_at, c.created_at, c.updated_at,
            c.closed_at, c.status::text AS status, u.id AS assignee_id, u.name AS assignee_name
       FROM conversations c LEFT JOIN identities i ON i.id = c.identity_id LEFT JOIN users u ON u.id = c.assigned_user_id
      WHERE c.id = $1 AND c.organization_id = $2`,
    [options.conversationId, options.organizationId],
  )
  const conversation = found.rows[0]
  if (!conversation) throw new AppError('conversation_not_found', 'No such conversation in this organization.', 404)
  const [messages, standing] = await Promise.all([
    options.withMessages === false
      ? { rows: [] }
      : pool.query(
      `SELECT id, direction, body, status, reply_class, error_code, created_at FROM messages
        WHERE conversation_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [options.conversationId, CONVERSATION_MESSAGES],
    ),
    decideConsentByPurpose({ organizationId: options.organizationId, recipients: [{ to: conversation.to_e164 }] }),
  ])
  // Only someone who has written to us gets a `reply`; before that a message in the thread is marketing (replyInConversation).
  const reply = (conversation.last_inbound_at ? standing.reply : standing.marketing)[0]!
  const show = (e164: string) => (options.showFullPhoneNumbers ? e164 : maskPhone(e164))
  return {
    id: conversation.id as string,
    to: show(conversation.to_e164),
    from: show(conversation.from_e164),
    name: conversation.full_name as string | null,
    leadId: conversation.lead_id as string | null,
    identityId: conversation.identity_id as string | null,
    status: conversation.status as 'open' | 'closed',
    assignee: conversation.assignee_id ? { id: conversation.assignee_id as string, name: conversation.assignee_name as string } : null,
    lastMessageAt: (conversation.last_message_at as Date).toISOString(),
    lastInboundAt: (conversation.last_inbound_at as Date | null)?.toISOString() ?? null,
    createdAt: (conversation.created_at as Date).toISOString(),
    updatedAt: (conversation.updated_at as Date).toISOString(),
    closedAt: (conversation.closed_at as Date | null)?.toISOString() ?? null,
    replyAllowed: reply.allowed,
    replyBlocked: reply.allowed ? null : { reason: reply.reason, message: reply.message },
    messages: messages.rows.reverse().map(
      (m): ConversationMessage => ({
        id: m.id,
        direction: m.direction,
        body: m.body,
        status: m.status,
        replyClass: m.reply_class,
        errorCode: m.error_code,
        createdAt: m.created_at.toISOString(),
      }),
    ),
  }
}
