import { z } from 'zod'
import 'zod-openapi'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { pageQuery, pageSchema } from '~/utils/api/pagination.server'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * The messages endpoints: send one body to many leads or numbers through the
 * send gate, and read one message back. The modules are
 * app/modules/messaging/queue-sends (every recipient decided by the gate,
 * queued or blocked with its reason) and get-send; sending itself is the
 * dispatch job's, paced per sender number (docs/decisions/038–042).
 */

const MAX_RECIPIENTS = 10_000
const MAX_BODY = 1_600

const QUEUE_STATUSES = ['blocked', 'pending', 'held', 'sending', 'sent', 'unknown', 'failed', 'canceled'] as const
const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'unknown', 'received', 'canceled'] as const

const messageId = z
  .uuid()
  .meta({ description: 'The message id (`queued[].id` or `blocked[].id` of the send, or an `id` of the messages list or a thread).', example: '3f0c9a4e-5b6d-4e2f-8a1b-9c8d7e6f5a4b' })
const reason = z.enum(Object.keys(GATE_BLOCK_REASONS) as [keyof typeof GATE_BLOCK_REASONS, ...(keyof typeof GATE_BLOCK_REASONS)[]])

const QueuedMessageSchema = z
  .object({
    id: messageId,
    leadId: z.uuid().nullable().meta({ description: 'The lead it goes to; null for a number sent to directly.' }),
    to: z.string().meta({ description: 'The recipient, E.164.' }),
    from: z.string().meta({ description: 'The organization’s number it will be sent from, E.164.' }),
  })
  .meta({ id: 'QueuedMessage' })

const BlockedRecipientSchema = z
  .object({
    id: messageId.nullable().meta({ description: 'The blocked message’s id; null when there was no number to record it under (a lead without a phone).' }),
    leadId: z.uuid().nullable(),
    to: z.string().nullable().meta({ description: 'The number as decided (E.164, or as given when it is not a number); null for a lead without a phone.' }),
    reason: reason.meta({ description: 'Why the gate blocks it (see the table in the description).' }),
    message: z.string().meta({ description: 'What the reason means, for people.' }),
    detail: z.string().nullable().meta({ description: 'More about this recipient, when the gate has it (e.g. the local time for `quiet_hours`).' }),
  })
  .meta({ id: 'BlockedRecipient' })

const SendResultSchema = z
  .object({
    batchId: z.uuid().meta({ description: 'The send (one per request): every message of it carries this id.' }),
    replayed: z
      .boolean()
      .meta({ description: 'True when the `Idempotency-Key` named an earlier send past the 24 hours it is replayed for: this is that send, and nothing new was queued.' }),
    requested: z.int().min(0).meta({ description: 'Recipients asked for (`leadIds` and `to` together).' }),
    queued: z.array(QueuedMessageSchema).meta({ description: 'The messages the gate allowed, waiting for their sender number.' }),
    blocked: z.array(BlockedRecipientSchema).meta({ description: 'Every recipient the gate refused, each with its reason. Nothing is sent to them.' }),
  })
  .meta({ id: 'SendResult' })

export const MESSAGE_STATUSES = [...QUEUE_STATUSES, 'received'] as const

export const MessageSchema = z
  .object({
    id: messageId,
    direction: z.enum(['outbound', 'inbound']).meta({ description: '`outbound`: a message the organization sent or was asked to send. `inbound`: one a person sent to a number of the organization.' }),
    batchId: z.uuid().nullable().meta({ description: 'The send it belongs to; null for an inbound message.' }),
    leadId: z.uuid().nullable().meta({ description: 'The lead it was sent to; for an inbound message, its conversation’s lead.' }),
    purpose: z.enum(['marketing', 'reply']).nullable().meta({ description: 'Null for an inbound message.' }),
    status: z.enum(MESSAGE_STATUSES).meta({
      description:
        'Where the message is on our side: `pending` (waiting for its sender number), `held` (its campaign is paused), `sending`, `sent` (the carrier took it), `blocked` (the gate refused it, at the request or again just before sending), ' +
        '`canceled` (withdrawn before it went, e.g. after an opt-out), `failed` (the carrier refused it or could not deliver it), `unknown` (the carrier call’s outcome is not known yet; it is never sent twice), `received` (an inbound message).',
    }),
    deliveryStatus: z
      .enum(DELIVERY_STATUSES)
      .nullable()
      .meta({ description: 'Once sent, the carrier’s status: `queued`, `sending`, `sent`, `delivered`, `undelivered`, `failed`. Null before it is sent.' }),
    to: z.string().meta({ description: 'The recipient, E.164 (for an inbound message, the organization’s number).' }),
    from: z.string().nullable().meta({ description: 'The sender, E.164: the organization’s number for an outbound message (null when it was blocked), the person’s for an inbound one.' }),
    body: z.string(),
    blockReason: z
      .string()
      .nullable()
      .meta({ description: 'Why it was not sent: a gate reason (`opted_out`, `quiet_hours`, …), or why it was canceled (`number_suppressed`, `campaign_stopped_by_carrier`, `ambiguous_reply`).' }),
    blockMessage: z.string().nullable().meta({ description: 'What `blockReason` means, for people.' }),
    blockDetail: z.string().nullable(),
    errorCode: z.int().nullable().meta({ description: 'The carrier’s error code (Twilio’s numbering), when it refused or could not deliver the message.' }),
    errorMessage: z.string().nullable(),
    conversationId: z.uuid().nullable().meta({ description: 'The conversation it was sent in, once sent.' }),
    replyClass: z
      .string()
      .nullable()
      .meta({ description: 'An inbound message: what opt-out detection made of it (`opt_out`, `opt_in`, `help`, `ambiguous`, `none`). Null for an outbound one.' }),
    createdAt: z.iso.datetime().meta({ description: 'When it was asked for (outbound) or received (inbound).' }),
    sentAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Message' })

const reasonsTable = Object.entries(GATE_BLOCK_REASONS)
  .map(([code, meaning]) => `| \`${code}\` | ${meaning} |`)
  .join('\n')

const sendExample = {
  batchId: '9a1d7c3e-2f4b-4c6d-8e0f-1a2b3c4d5e6f',
  replayed: false,
  requested: 3,
  queued: [{ id: '3f0c9a4e-5b6d-4e2f-8a1b-9c8d7e6f5a4b', leadId: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a', to: '+15128675309', from: '+15125550123' }],
  blocked: [
    { id: '6b7c8d9e-0f1a-4b2c-8d3e-4f5a6b7c8d9e', leadId: null, to: '+15128675310', reason: 'opted_out', message: GATE_BLOCK_REASONS.opted_out, detail: null },
    { id: null, leadId: '7e8f9a0b-1c2d-4e3f-9a4b-5c6d7e8f9a0b', to: null, reason: 'no_phone', message: GATE_BLOCK_REASONS.no_phone, detail: null },
  ],
}

export const messageExample = {
  id: '3f0c9a4e-5b6d-4e2f-8a1b-9c8d7e6f5a4b',
  direction: 'outbound',
  batchId: '9a1d7c3e-2f4b-4c6d-8e0f-1a2b3c4d5e6f',
  leadId: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a',
  purpose: 'marketing',
  status: 'sent',
  deliveryStatus: 'delivered',
  to: '+15128675309',
  from: '+15125550123',
  body: 'Hi Dana, this is Sam with Lone Star Homes. Still thinking of selling 12 Oak St? Reply STOP to opt out.',
  blockReason: null,
  blockMessage: null,
  blockDetail: null,
  errorCode: null,
  errorMessage: null,
  conversationId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  replyClass: null,
  createdAt: '2026-11-29T19:00:00.000Z',
  sentAt: '2026-11-29T19:00:02.000Z',
}

export const inboundMessageExample = {
  id: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f',
  direction: 'inbound',
  batchId: null,
  leadId: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a',
  purpose: null,
  status: 'received',
  deliveryStatus: 'received',
  to: '+15125550123',
  from: '+15128675309',
  body: 'Maybe. What would you offer?',
  blockReason: null,
  blockMessage: null,
  blockDetail: null,
  errorCode: null,
  errorMessage: null,
  conversationId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  replyClass: 'none',
  createdAt: '2026-11-29T19:20:00.000Z',
  sentAt: null,
}

export const sendMessages = defineOperation({
  operationId: 'sendMessages',
  method: 'POST',
  path: '/api/v1/messages',
  summary: 'Send a message to leads or numbers',
  description: [
    `Sends one \`body\` to up to ${MAX_RECIPIENTS.toLocaleString('en-US')} recipients: leads of the organization (\`leadIds\`, each texted at its best phone) and numbers (\`to\`).`,
    '',
    'Every recipient goes through the send gate, which decides for each one alone: opt-outs, complaints and wrong numbers, do-not-call and litigator lists, consent, the retext cooldown, the daily frequency cap, the recipient’s local quiet hours. ' +
      'The allowed ones are queued on a sender number of the organization and sent at its pace (the gate is checked again just before each goes); every refused one is listed in `blocked` with its reason, and nothing is sent to it.',
    '',
    'The answer comes once everything is decided and queued (`202`): follow each message with `GET /api/v1/messages/{id}`.',
    '',
    'An `Idempotency-Key` is required. A retry with it answers the same send; past the 24 hours answers are replayed for, the key still names its send and the answer is that send again (`replayed: true`), with nothing new queued.',
    '',
    '| reason | meaning |',
    '| --- | --- |',
    reasonsTable,
  ].join('\n'),
  tag: 'Messages',
  auth: { scope: 'messages:send' },
  idempotency: 'required',
  body: {
    json: {
      schema: z
        .object({
          body: z.string().trim().min(1).max(MAX_BODY).meta({ description: `The text, 1–${MAX_BODY.toLocaleString('en-US')} characters.` }),
          purpose: z
            .enum(['marketing', 'reply'])
            .default('marketing')
            .meta({ description: '`marketing` (outreach; the default) or `reply` (in a conversation the person started or answered). The gate’s rules differ (the national DNC registry and the cooldown are for marketing).' }),
          leadIds: z
            .array(z.uuid())
            .max(MAX_RECIPIENTS)
            .optional()
            .meta({ description: 'Leads of the organization. Each is texted at its first listed phone that is not a landline.' }),
          to: z
            .array(z.string().min(1).max(40))
            .max(MAX_RECIPIENTS)
            .optional()
            .meta({ description: 'Numbers, in E.164 or a US format (`(512) 867-5309`). One that is not a valid number is listed in `blocked` as `invalid_number`.' }),
        })
        .strict()
        .meta({ id: 'SendMessages', description: `At least one recipient, at most ${MAX_RECIPIENTS.toLocaleString('en-US')} in \`leadIds\` and \`to\` together.` }),
      example: { body: 'Hi Dana, this is Sam with Lone Star Homes. Still thinking of selling 12 Oak St? Reply STOP to opt out.', leadIds: ['5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a'], to: ['+15128675310'] },
      maxBytes: 2 * 1024 * 1024,
    },
  },
  responses: {
    202: {
      description: 'Decided and queued: the messages queued and every recipient blocked, with its reason.',
      body: SendResultSchema,
      example: sendExample,
    },
  },
  errors: {
    422: {
      no_recipients: 'neither `leadIds` nor `to` names anyone',
      too_many_recipients: `more than ${MAX_RECIPIENTS.toLocaleString('en-US')} recipients in \`leadIds\` and \`to\` together`,
      lead_not_found: 'a lead of `leadIds` is not in the organization (`details.field`)',
    },
  },
})

export const getMessage = defineOperation({
  operationId: 'getMessage',
  method: 'GET',
  path: '/api/v1/messages/{id}',
  summary: 'One message',
  description:
    'A message of a send: where it is (`status`), the carrier’s `deliveryStatus` once it is sent, and why it was not sent when it was blocked or canceled. An inbound message (an id of the messages list or a thread) is `received`.',
  tag: 'Messages',
  auth: { scope: 'messages:read' },
  params: z.object({ id: messageId }),
  responses: { 200: { description: 'The message.', body: z.object({ message: MessageSchema }), example: { message: messageExample } } },
  errors: { 404: { send_not_found: 'no such message in the organization (another organization’s answers the same)' } },
})

/** The filters of the messages list (and, without `conversationId`, of a conversation's thread). */
export const messageFilterQuery = pageQuery.extend({
  direction: z.enum(['outbound', 'inbound']).optional().meta({ description: 'Only messages sent (`outbound`) or received (`inbound`).' }),
  status: z.enum(MESSAGE_STATUSES).optional().meta({ description: 'Only messages with this `status` (`received` is every inbound message).' }),
  leadId: z.uuid().optional().meta({ description: 'Only the lead’s messages: those sent to it and every message of its conversations.' }),
  since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only messages created at or after this time (ISO 8601).', example: '2026-11-29T00:00:00Z' }),
  until: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only messages created before this time (ISO 8601).', example: '2026-11-30T00:00:00Z' }),
})

export const MessagePageSchema = pageSchema(MessageSchema, 'MessagePage')

export const listMessages = defineOperation({
  operationId: 'listMessages',
  method: 'GET',
  path: '/api/v1/messages',
  summary: 'List messages',
  description:
    'The organization’s messages, sent and received, newest first, a page at a time: every message it was asked to send (blocked and canceled ones too, each with its reason) and every message people sent to its numbers. ' +
    'Numbers are shown whole (E.164): a key with `messages:read` reads them as the organization’s admins do.',
  tag: 'Messages',
  auth: { scope: 'messages:read' },
  query: messageFilterQuery.extend({
    conversationId: z.uuid().optional().meta({ description: 'Only the messages of this conversation (its thread: `GET /api/v1/conversations/{id}/messages`).' }),
  }),
  responses: {
    200: { description: 'One page of messages.', body: MessagePageSchema, example: { data: [inboundMessageExample, messageExample], nextCursor: null } },
  },
})
