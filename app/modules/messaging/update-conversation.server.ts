import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { pushRoomChange } from '~/modules/realtime/push-room-change.server'
import { conversationRoomId } from '~/modules/realtime/rooms'
import { announceConversationChanged } from '~/modules/webhooks/announce-message-webhooks.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'

export type ConversationStatus = 'open' | 'closed'

export type ConversationChange = {
  /** What changed, before and after (only the fields that did). */
  changed: { status?: { before: ConversationStatus; after: ConversationStatus }; assignedUserId?: { before: string | null; after: string | null } }
  conversationId: string
  organizationId: string
}

/**
 * The one way a conversation's status or assignee changes (the inbox page, the
 * API): closes or reopens it, assigns it to a user of the organization or to
 * nobody, audited as `conversation.updated` with before and after. A change
 * to what it already is writes nothing and answers `changed: {}`. The
 * `conversation.updated` webhook event is emitted from here (what changed is
 * in the answer); a new inbound message reopens a closed conversation
 * elsewhere (receive-inbound-message.server.ts), audited as `conversation.reopened`.
 */
export async function updateConversation(options: {
  organizationId: string
  conversationId: string
  actor: Actor
  status?: ConversationStatus
  /** A user id of the organization, or null to unassign; undefined leaves it. */
  assignedUserId?: string | null
}): Promise<ConversationChange> {
  const { organizationId, conversationId } = options
  // The change and its audit row commit together; nothing changed, nothing is written.
  const change = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: ConversationStatus; assigned_user_id: string | null }[]>`
      SELECT status::text AS status, assigned_user_id FROM conversations WHERE id = ${conversationId}::uuid AND organization_id = ${organizationId}::uuid FOR UPDATE`
    const current = rows[0]
    if (!current) throw new AppError('conversation_not_found', 'No such conversation in this organization.', 404)
    if (options.assignedUserId) {
      const user = await tx.user.findFirst({ where: { id: options.assignedUserId, organizationId, status: 'active' }, select: { id: true } })
      if (!user) {
        throw new AppError('assignee_not_in_organization', 'The assignee must be an active user of the organization.', 422, { field: 'assignedUserId' })
      }
    }
    const changed: ConversationChange['changed'] = {}
    if (options.status !== undefined && options.status !== current.status) changed.status = { before: current.status, after: options.status }
    if (options.assignedUserId !== undefined && options.assignedUserId !== current.assigned_user_id) {
      changed.assignedUserId = { before: current.assigned_user_id, after: options.assignedUserId }
    }
    if (Object.keys(changed).length === 0) return changed
    await tx.conversation.update({
      where: { id: conversationId },
      data: {
        updatedAt: new Date(),
        ...(changed.status ? { status: changed.status.after, closedAt: changed.status.after === 'closed' ? new Date() : null } : {}),
        ...(changed.assignedUserId ? { assignedUserId: changed.assignedUserId.after } : {}),
      },
    })
    await recordAudit(tx, { actor: options.actor, action: 'conversation.updated', organizationId, target: { type: 'conversation', id: conversationId }, summary: { changed } })
    return changed
  })
  if (Object.keys(change).length > 0) {
    await pushRoomChange([conversationRoomId(organizationId, conversationId)], 'messages.changed').catch(() => undefined)
    await announceConversationChanged({ organizationId, conversationId, changed: change })
  }
  return { changed: change, conversationId, organizationId }
}
