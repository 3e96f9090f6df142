import { pool } from '~/utils/db.server'

export type ConversationFilter = {
  /** Omitted: open and closed. */
  status?: 'open' | 'closed'
  /** A user id, or `unassigned`. */
  assignedTo?: string
  leadId?: string
  /** Their number, E.164. */
  phone?: string
}

export type ConversationRow = {
  id: string
  toE164: string
  fromE164: string
  leadId: string | null
  identityId: string | null
  name: string | null
  status: 'open' | 'closed'
  assignee: { id: string; name: string } | null
  lastMessageAt: Date
  lastInboundAt: Date | null
  createdAt: Date
  updatedAt: Date
  closedAt: Date | null
  last: { body: string; direction: 'inbound' | 'outbound'; status: string; replyClass: string | null } | null
}

/**
 * A page of an organization's conversations, the latest activity first
 * (keyset on last_message_at, id: `after` is the last row of the page
 * before), filtered by status, assignee, lead and their number. `limit + 1`
 * rows come back so the caller knows whether another page follows. The
 * inbox page and `GET /api/v1/conversations` read through this.
 */
export async function findConversations(options: {
  organizationId: string
  filter?: ConversationFilter
  limit: number
  after?: { at: Date | string; id: string } | null
  /** Just this conversation (its list row). */
  only?: string
}): Promise<ConversationRow[]> {
  const filter = options.filter ?? {}
  const unassigned = filter.assignedTo === 'unassigned'
  const { rows } = await pool.query(
    `SELECT c.id, c.to_e164, c.from_e164, c.lead_id, c.identity_id, c.status::text AS status, c.last_message_at, c.last_inbound_at,
            c.created_at, c.updated_at, c.closed_at, i.full_name, u.id AS assignee_id, u.name AS assignee_name,
            last.body, last.direction, last.status AS last_status, last.reply_class
       FROM conversations c
       LEFT JOIN identities i ON i.id = c.identity_id
       LEFT JOIN users u ON u.id = c.assigned_user_id
       LEFT JOIN LATERAL (
         SELECT body, direction::text AS direction, status::text AS status, reply_class FROM messages WHERE conversation_id = c.id ORDER BY created_at DESC LIMIT 1) last ON true
      WHERE c.organization_id = $1
        AND ($2::timestamptz IS NULL OR (c.last_message_at, c.id) < ($2::timestamptz, $3::uuid))
        AND ($4::text IS NULL OR c.status::text = $4)
        AND (NOT $5::boolean OR c.assigned_user_id IS NULL)
        AND ($6::uuid IS NULL OR c.assigned_user_id = $6)
        AND ($7::uuid IS NULL OR c.lead_id = $7)
        AND ($8::text IS NULL OR c.to_e164 = $8)
        AND ($10::uuid IS NULL OR c.id = $10)
      ORDER BY c.last_message_at DESC, c.id DESC
      LIMIT $9`,
    [
      options.organizationId,
      options.after?.at ?? null,
      options.after?.id ?? null,
      filter.status ?? null,
      unassigned,
      !unassigned && filter.assignedTo ? filter.assignedTo : null,
      filter.leadId ?? null,
      filter.phone ?? null,
      options.limit + 1,
      options.only ?? null,
    ],
  )
  return rows.map((r) => ({
    id: r.id,
    toE164: r.to_e164,
    fromE164: r.from_e164,
    leadId: r.lead_id,
    identityId: r.identity_id,
    name: r.full_name,
    status: r.status,
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
    lastMessageAt: r.last_message_at,
    lastInboundAt: r.last_inbound_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    last: r.body === null || r.body === undefined ? null : { body: r.body, direction: r.direction, status: r.last_status, replyClass: r.reply_class },
  }))
}
