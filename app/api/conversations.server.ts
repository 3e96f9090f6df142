import { z } from 'zod'
import 'zod-openapi'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { pageQuery, pageSchema } from '~/utils/api/pagination.server'
import { defineOperation } from '~/utils/api/operation.server'
import { inboundMessageExample, MessagePageSchema, MessageSchema, messageExample, messageFilterQuery } from './messages.server'

/**
 * The conversations endpoints: the shared inbox over the API. One thread per
 * person and number of ours; its status (open, closed) and assignee change
 * through app/modules/messaging/update-conversation, a reply goes through
 * the send gate like every message (reply-in-conversation), and a new
 * inbound message reopens a closed conversation (docs/decisions/051).
 */

const conversationId = z.uuid().meta({ description: 'The conversation id.', example: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' })
const params = z.object({ id: conversationId })
const NOT_FOUND = { conversation_not_found: 'no such conversation in the organization (another organization’s answers the same)' }

const AssigneeSchema = z
  .object({ id: z.uuid(), name: z.string() })
  .nullable()
  .meta({ id: 'ConversationAssignee', description: 'The user of the organization working the conversation; null: unassigned.' })

const LastMessageSchema = z
  .object({
    body: z.string(),
    direction: z.enum(['outbound', 'inbound']),
    status: z.string().meta({ description: 'The carrier’s status of an outbound message; `received` for an inbound one.' }),
    replyClass: z.string().nullable(),
  })
  .nullable()
  .meta({ description: 'Its latest message.' })

const ConversationSchema = z
  .object({
    id: conversationId,
    status: z.enum(['open', 'closed']).meta({ description: '`open` or `closed`. A new message from the person reopens a closed conversation.' }),
    assignee: AssigneeSchema,
    phone: z.string().meta({ description: 'The person’s number, E.164.' }),
    from: z.string().meta({ description: 'The organization’s number the thread is with, E.164.' }),
    leadId: z.uuid().nullable().meta({ description: 'The lead the person is, when known.' }),
    identityId: z.uuid().nullable().meta({ description: 'The identity behind the lead, when known.' }),
    name: z.string().nullable().meta({ description: 'The identity’s full name, when known.' }),
    last: LastMessageSchema,
    lastMessageAt: z.iso.datetime(),
    lastInboundAt: z.iso.datetime().nullable().meta({ description: 'When the person last wrote; null if they never did.' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime().meta({ description: 'When its status or assignee last changed.' }),
    closedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Conversation' })

const ConversationDetailSchema = ConversationSchema.extend({
  replyAllowed: z.boolean().meta({ description: 'Whether a reply may be sent now (the send gate’s answer for the person’s number).' }),
  replyBlocked: z
    .object({ reason: z.string(), message: z.string() })
    .nullable()
    .meta({ description: 'Why not, when `replyAllowed` is false (e.g. `opted_out`).' }),
}).meta({ id: 'ConversationDetail' })

const example = {
  id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  status: 'open',
  assignee: { id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', name: 'Sam Rivera' },
  phone: '+15128675309',
  from: '+15125550123',
  leadId: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a',
  identityId: '6e7f8a9b-0c1d-4e2f-8a3b-4c5d6e7f8a9b',
  name: 'Dana Whitfield',
  last: { body: 'Maybe. What would you offer?', direction: 'inbound', status: 'received', replyClass: 'none' },
  lastMessageAt: '2026-11-29T19:20:00.000Z',
  lastInboundAt: '2026-11-29T19:20:00.000Z',
  createdAt: '2026-11-29T19:00:02.000Z',
  updatedAt: '2026-11-29T19:25:00.000Z',
  closedAt: null,
}

export const listConversations = defineOperation({
  operationId: 'listConversations',
  method: 'GET',
  path: '/api/v1/conversations',
  summary: 'List conversations',
  description: 'The organization’s conversations, the latest activity first, a page at a time: one per person and number of the organization. Numbers are shown whole (E.164).',
  tag: 'Conversations',
  auth: { scope: 'conversations:read' },
  query: pageQuery.extend({
    status: z.enum(['open', 'closed']).optional().meta({ description: 'Only open or only closed conversations; both when left out.' }),
    assignedTo: z
      .union([z.literal('unassigned'), z.uuid()])
      .optional()
      .meta({ description: 'A user id: the conversations assigned to that user. `unassigned`: those assigned to nobody.', example: 'unassigned' }),
    leadId: z.uuid().optional().meta({ description: 'Only the lead’s conversations.' }),
    phone: z.string().min(3).max(40).optional().meta({ description: 'Only the conversations with this number (the person’s), in E.164 or a US format.', example: '+15128675309' }),
  }),
  responses: { 200: { description: 'One page of conversations.', body: pageSchema(ConversationSchema, 'ConversationPage'), example: { data: [example], nextCursor: null } } },
  errors: { 422: { invalid_phone_number: '`phone` is not a possible number' } },
})

export const getConversation = defineOperation({
  operationId: 'getConversation',
  method: 'GET',
  path: '/api/v1/conversations/{id}',
  summary: 'A conversation',
  description: 'With its lead and identity, status, assignee, and whether a reply may be sent now (and why not). Its messages: `GET /api/v1/conversations/{id}/messages`.',
  tag: 'Conversations',
  auth: { scope: 'conversations:read' },
  params,
  responses: {
    200: { description: 'The conversation.', body: z.object({ conversation: ConversationDetailSchema }), example: { conversation: { ...example, replyAllowed: true, replyBlocked: null } } },
  },
  errors: { 404: NOT_FOUND },
})

export const listConversationMessages = defineOperation({
  operationId: 'listConversationMessages',
  method: 'GET',
  path: '/api/v1/conversations/{id}/messages',
  summary: 'A conversation’s messages',
  description:
    'Its thread, newest first, a page at a time: the messages the person sent and those sent to them, replies waiting or blocked by the gate included (with their reason). The filters are the messages list’s.',
  tag: 'Conversations',
  auth: { scope: 'conversations:read' },
  params,
  query: messageFilterQuery,
  responses: { 200: { description: 'One page of the thread.', body: MessagePageSchema, example: { data: [inboundMessageExample, messageExample], nextCursor: null } } },
  errors: { 404: NOT_FOUND },
})

const reasonsTable = Object.entries(GATE_BLOCK_REASONS)
  .map(([code, meaning]) => `| \`${code}\` | ${meaning} |`)
  .join('\n')

export const replyInConversation = defineOperation({
  operationId: 'replyInConversation',
  method: 'POST',
  path: '/api/v1/conversations/{id}/messages',
  summary: 'Reply in a conversation',
  description: [
    'Sends `body` to the person, from the conversation’s own number, as a `reply`: through the send gate like every message. ' +
      'Allowed, it is queued (`status: pending`) and sent at the number’s pace; follow it with `GET /api/v1/messages/{id}`. ' +
      'Refused, it is recorded as `blocked` with its `blockReason`, and nothing is sent (an opted-out number is never texted). Either way the answer is `202` with the message.',
    '',
    'Send an `Idempotency-Key`: a retry with it answers the same reply and sends nothing new.',
    '',
    '| blockReason | meaning |',
    '| --- | --- |',
    reasonsTable,
  ].join('\n'),
  tag: 'Conversations',
  auth: { scope: 'messages:send' },
  idempotency: 'optional',
  params,
  body: {
    json: {
      schema: z
        .object({ body: z.string().trim().min(1).max(1_600).meta({ description: 'The text, 1–1,600 characters.' }) })
        .strict()
        .meta({ id: 'ConversationReply' }),
      example: { body: 'Happy to talk numbers. When is a good time to call?' },
    },
  },
  responses: {
    202: {
      description: 'Decided: the reply queued, or blocked with its reason.',
      body: z.object({
        batchId: z.uuid().meta({ description: 'The send the reply is.' }),
        replayed: z.boolean().meta({ description: 'True when the `Idempotency-Key` named an earlier reply past the 24 hours answers are replayed for: this is that reply, and nothing new was queued.' }),
        message: MessageSchema,
      }),
      example: {
        batchId: '9a1d7c3e-2f4b-4c6d-8e0f-1a2b3c4d5e6f',
        replayed: false,
        message: { ...messageExample, purpose: 'reply', status: 'pending', deliveryStatus: null, body: 'Happy to talk numbers. When is a good time to call?', sentAt: null },
      },
    },
  },
  errors: { 404: NOT_FOUND },
})

export const updateConversation = defineOperation({
  operationId: 'updateConversation',
  method: 'PATCH',
  path: '/api/v1/conversations/{id}',
  summary: 'Close, reopen or assign a conversation',
  description:
    'Changes its `status` (`open`, `closed`) and its assignee (`assignedUserId`: an active user of the organization, or null for nobody); a field left out stays as it is. ' +
    'Audited; the same values again change nothing.',
  tag: 'Conversations',
  auth: { scope: 'conversations:write' },
  params,
  body: {
    json: {
      schema: z
        .object({
          status: z.enum(['open', 'closed']).optional(),
          assignedUserId: z.uuid().nullable().optional().meta({ description: 'A user of the organization; null unassigns it.' }),
        })
        .strict()
        .refine((v) => v.status !== undefined || v.assignedUserId !== undefined, { message: 'Give `status`, `assignedUserId` or both.' })
        .meta({ id: 'ConversationUpdate' }),
      example: { status: 'closed', assignedUserId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e' },
    },
  },
  responses: {
    200: { description: 'The conversation as it is now.', body: z.object({ conversation: ConversationDetailSchema }), example: { conversation: { ...example, replyAllowed: true, replyBlocked: null } } },
  },
  errors: { 404: NOT_FOUND, 422: { assignee_not_in_organization: '`assignedUserId` is not an active user of the organization' } },
})
