import { maskPhone } from '~/modules/leads/mask-phone'
import { pool } from '~/utils/db.server'

export const CONVERSATIONS_PAGE = 50

export type ConversationListItem = {
  id: string
  to: string
  from: string
  name: string | null
  lastMessageAt: string
  last: { body: string; direction: string; status: string; replyClass: string | null } | null
}

/**
 * An organization's conversations, the latest message first, a page at a
 * time (keyset on last_message_at, id: `before` is the last item's cursor).
 */
export async function listConversations(options: { organizationId: string; showFullPhoneNumbers: boolean; before?: string | null }) {
  const cursor = decode(options.before)
  const { rows } = await pool.query(
    `SELECT c.id, c.to_e164, c.from_e164, c.last_message_at, i.full_name, last.body, last.direction, last.status, last.reply_class
       FROM conversations c
       LEFT JOIN identities i ON i.id = c.identity_id
       LEFT JOIN LATERAL (
         SELECT body, direction, status, reply_class FROM messages WHERE conversation_id = c.id ORDER BY created_at DESC LIMIT 1) last ON true
      WHERE c.organization_id = $1 AND ($2::timestamptz IS NULL OR (c.last_message_at, c.id) < ($2::timestamptz, $3::uuid))
      ORDER BY c.last_message_at DESC, c.id DESC
      LIMIT $4`,
    [options.organizationId, cursor?.at ?? null, cursor?.id ?? null, CONVERSATIONS_PAGE + 1],
  )
  const show = (e164: string) => (options.showFullPhoneNumbers ? e164 : maskPhone(e164))
  const items: ConversationListItem[] = rows.slice(0, CONVERSATIONS_PAGE).map((r) => ({
    id: r.id,
    to: show(r.to_e164),
    from: show(r.from_e164),
    name: r.full_name,
    lastMessageAt: r.last_message_at.toISOString(),
    last: r.body === null ? null : { body: r.body, direction: r.direction, status: r.status, replyClass: r.reply_class },
  }))
  const lastItem = items.at(-1)
  return { items, nextCursor: rows.length > CONVERSATIONS_PAGE && lastItem ? `${lastItem.lastMessageAt}_${lastItem.id}` : null }
}

function decode(cursor: string | null | undefined) {
  if (!cursor) return null
  const [at, id] = cursor.split('_')
  if (!at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9a-f-]{36}$/i.test(id)) return null
  return { at, id }
}
