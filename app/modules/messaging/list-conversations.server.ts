import { maskPhone } from '~/modules/leads/mask-phone'
import { findConversations, type ConversationFilter } from './find-conversations.server'

export const CONVERSATIONS_PAGE = 50

export type ConversationListItem = {
  id: string
  to: string
  from: string
  name: string | null
  status: 'open' | 'closed'
  assignee: { id: string; name: string } | null
  lastMessageAt: string
  last: { body: string; direction: string; status: string; replyClass: string | null } | null
}

/**
 * An organization's conversations for the inbox page, the latest message
 * first, a page at a time (keyset on last_message_at, id: `before` is the
 * last item's cursor), filtered by status and assignee.
 */
export async function listConversations(options: { organizationId: string; showFullPhoneNumbers: boolean; before?: string | null; filter?: ConversationFilter }) {
  const cursor = decode(options.before)
  const rows = await findConversations({ organizationId: options.organizationId, filter: options.filter, limit: CONVERSATIONS_PAGE, after: cursor })
  const show = (e164: string) => (options.showFullPhoneNumbers ? e164 : maskPhone(e164))
  const items: ConversationListItem[] = rows.slice(0, CONVERSATIONS_PAGE).map((r) => ({
    id: r.id,
    to: show(r.toE164),
    from: show(r.fromE164),
    name: r.name,
    status: r.status,
    assignee: r.assignee,
    lastMessageAt: r.lastMessageAt.toISOString(),
    last: r.last,
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
