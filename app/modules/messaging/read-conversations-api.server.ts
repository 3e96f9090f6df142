import { possibleE164 } from '~/modules/compliance/consent-number'
import { AppError } from '~/utils/app-error'
import { decodeCursor, encodeCursor } from '~/utils/pagination.server'
import { findConversations, type ConversationFilter, type ConversationRow } from './find-conversations.server'
import { getConversation } from './get-conversation.server'
import { listMessages, type MessageFilter, type MessageView } from './list-messages.server'

/**
 * The API's reads of conversations and messages (`/api/v1/conversations`,
 * `/api/v1/messages`): pages in the API's cursor convention over the inbox's
 * modules, numbers whole (a key reads them as admins do).
 */

const iso = (d: Date | null) => d?.toISOString() ?? null

function toApi(row: ConversationRow) {
  return {
    id: row.id,
    status: row.status,
    assignee: row.assignee,
    phone: row.toE164,
    from: row.fromE164,
    leadId: row.leadId,
    identityId: row.identityId,
    name: row.name,
    last: row.last,
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastInboundAt: iso(row.lastInboundAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: iso(row.closedAt),
  }
}

export async function readConversationPage(options: {
  organizationId: string
  limit: number
  cursor?: string
  filter: Omit<ConversationFilter, 'phone'> & { phone?: string }
}) {
  const phone = options.filter.phone === undefined ? undefined : possibleE164(options.filter.phone)
  if (phone === null) throw new AppError('invalid_phone_number', '`phone` is not a possible phone number.', 422, { field: 'phone' })
  const after = decodeCursor(options.cursor)
  const rows = await findConversations({
    organizationId: options.organizationId,
    filter: { ...options.filter, phone },
    limit: options.limit,
    after: after ? { at: after.createdAt, id: after.id } : null,
  })
  const page = rows.slice(0, options.limit)
  const last = page.at(-1)
  return { data: page.map(toApi), nextCursor: rows.length > options.limit && last ? encodeCursor({ createdAt: last.lastMessageAt, id: last.id }) : null }
}

/** One conversation with its lead, identity, status, assignee and whether a reply may go now. */
export async function readConversation(options: { organizationId: string; conversationId: string }) {
  const c = await getConversation({ ...options, showFullPhoneNumbers: true, withMessages: false })
  return {
    id: c.id,
    status: c.status,
    assignee: c.assignee,
    phone: c.to,
    from: c.from,
    leadId: c.leadId,
    identityId: c.identityId,
    name: c.name,
    last: await lastMessage(options),
    lastMessageAt: c.lastMessageAt,
    lastInboundAt: c.lastInboundAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
    replyAllowed: c.replyAllowed,
    replyBlocked: c.replyBlocked,
  }
}

async function lastMessage(options: { organizationId: string; conversationId: string }) {
  const rows = await findConversations({ organizationId: options.organizationId, limit: 1, filter: {}, after: null, only: options.conversationId })
  return rows[0]?.last ?? null
}

/** A page of messages (the messages list, or a conversation's thread once it is known to be the organization's). */
export async function readMessagePage(options: { organizationId: string; limit: number; cursor?: string; filter: Omit<MessageFilter, 'since' | 'until'> & { since?: string; until?: string } }) {
  const { since, until, ...rest } = options.filter
  const after = decodeCursor(options.cursor)
  const rows = await listMessages({
    organizationId: options.organizationId,
    limit: options.limit,
    after,
    filter: { ...rest, ...(since ? { since: new Date(since) } : {}), ...(until ? { until: new Date(until) } : {}) },
  })
  const page: MessageView[] = rows.slice(0, options.limit)
  const last = page.at(-1)
  return { data: page, nextCursor: rows.length > options.limit && last ? encodeCursor({ createdAt: new Date(last.createdAt), id: last.id }) : null }
}
