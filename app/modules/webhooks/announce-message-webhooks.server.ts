import { announceWebhookEvent } from './emit-webhook-event.server'

/** A message as every `message.*` event's `data` carries it (docs/api.md, "Webhooks"). */
export type MessageWebhookData = {
  /** Null for a send the carrier refused outright: no message was made (see `sendQueueId`). */
  messageId: string | null
  /** The queued send an outbound message came from (also the `id` of `POST /api/v1/messages`' queued recipients); null for inbound. */
  sendQueueId: string | null
  conversationId: string | null
  direction: 'outbound' | 'inbound'
  from: string
  to: string
  body: string | null
  status: string
  errorCode: number | null
  /** The send batch (a campaign's, a reply's, an API send's) an outbound message belongs to. */
  batchId: string | null
}

/**
 * Announces a message's change to the organization's endpoints
 * (`message.sent`, `message.delivered`, `message.failed`,
 * `message.received`), after the change committed; a webhook failure is
 * logged, never thrown into the send or inbound path.
 */
export async function announceMessageWebhook(options: {
  organizationId: string
  type: 'message.sent' | 'message.delivered' | 'message.failed' | 'message.received'
  message: MessageWebhookData
}) {
  return announceWebhookEvent({ organizationId: options.organizationId, type: options.type, data: { message: options.message } })
}

/** `conversation.updated`: a new message in a conversation (an inbound one, or a reply from the app or API). */
export async function announceConversationUpdated(options: {
  organizationId: string
  conversation: { id: string; from: string; to: string; leadId: string | null; lastMessageId: string; lastMessageDirection: 'outbound' | 'inbound' }
  reason: 'message_received' | 'reply_sent'
}) {
  return announceWebhookEvent({
    organizationId: options.organizationId,
    type: 'conversation.updated',
    data: { conversation: options.conversation, reason: options.reason },
  })
}

/** `conversation.updated`: a conversation closed, reopened or (un)assigned, with each change's before and after. */
export async function announceConversationChanged(options: {
  organizationId: string
  conversationId: string
  changed: { status?: { before: string; after: string }; assignedUserId?: { before: string | null; after: string | null } }
}) {
  return announceWebhookEvent({
    organizationId: options.organizationId,
    type: 'conversation.updated',
    data: { conversation: { id: options.conversationId }, reason: 'changed', changed: options.changed },
  })
}
