import { randomUUID } from 'node:crypto'
import { ensureSandboxSenders } from '~/modules/messaging/ensure-sandbox-senders.server'
import { receiveInboundMessage } from '~/modules/messaging/receive-inbound-message.server'
import { prisma } from '~/utils/db.server'
import { createUser } from '../../support/factories'
import { freshNumber } from '../../support/leads'
import { defineScenario, type ScenarioContext } from '../scenario'

/** A conversation of the organization: someone texted one of its (sandbox) numbers. */
async function conversation({ organizationId }: ScenarioContext) {
  await ensureSandboxSenders({ organizationId })
  const ours = await prisma.senderNumber.findFirstOrThrow({ where: { organizationId }, orderBy: { e164: 'asc' } })
  const received = await receiveInboundMessage({ carrierSid: `SM${randomUUID().replaceAll('-', '')}`, from: freshNumber(), to: ours.e164, body: 'Is this about my house?' })
  return { id: received.conversationId!, messageId: received.messageId }
}

async function senderNumber({ organizationId }: ScenarioContext) {
  await ensureSandboxSenders({ organizationId })
  const number = await prisma.senderNumber.findFirstOrThrow({ where: { organizationId }, orderBy: { e164: 'asc' } })
  return { id: number.id }
}

const missing = () => ({ params: { path: { id: randomUUID() } } })

export const conversationScenarios = [
  defineScenario({
    operationId: 'listMessages',
    setup: conversation,
    success: (client) => client.GET('/api/v1/messages', { params: { query: { direction: 'inbound' } } }),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/messages', { params: { query: { cursor: 'not-a-cursor' } } }) },
  }),
  defineScenario({
    operationId: 'listConversations',
    setup: conversation,
    success: (client) => client.GET('/api/v1/conversations', { params: { query: { status: 'open', assignedTo: 'unassigned' } } }),
    error: { status: 422, code: 'invalid_phone_number', call: (client) => client.GET('/api/v1/conversations', { params: { query: { phone: '12345' } } }) },
  }),
  defineScenario({
    operationId: 'getConversation',
    setup: conversation,
    success: (client, { id }) => client.GET('/api/v1/conversations/{id}', { params: { path: { id } } }),
    error: { status: 404, code: 'conversation_not_found', call: (client) => client.GET('/api/v1/conversations/{id}', missing()) },
    foreign: { code: 'conversation_not_found' },
  }),
  defineScenario({
    operationId: 'updateConversation',
    setup: async (ctx) => ({ ...(await conversation(ctx)), stranger: (await createUser()).id }),
    success: (client, { id }, ctx) => client.PATCH('/api/v1/conversations/{id}', { params: { path: { id } }, body: { status: 'closed', assignedUserId: ctx.admin.id } }),
    error: {
      status: 422,
      code: 'assignee_not_in_organization',
      call: (client, { id, stranger }) => client.PATCH('/api/v1/conversations/{id}', { params: { path: { id } }, body: { assignedUserId: stranger } }),
    },
    foreign: { code: 'conversation_not_found' },
    audits: 'conversation.updated',
  }),
  defineScenario({
    operationId: 'listConversationMessages',
    setup: conversation,
    success: (client, { id }) => client.GET('/api/v1/conversations/{id}/messages', { params: { path: { id }, query: { limit: 10 } } }),
    error: { status: 404, code: 'conversation_not_found', call: (client) => client.GET('/api/v1/conversations/{id}/messages', missing()) },
    foreign: { code: 'conversation_not_found' },
  }),
  defineScenario({
    operationId: 'replyInConversation',
    setup: conversation,
    success: (client, { id }) =>
      client.POST('/api/v1/conversations/{id}/messages', { params: { path: { id }, header: { 'Idempotency-Key': randomUUID() } }, body: { body: 'Yes, it is. When can we talk?' } }),
    error: {
      status: 404,
      code: 'conversation_not_found',
      call: (client) => client.POST('/api/v1/conversations/{id}/messages', { params: { path: { id: randomUUID() } }, body: { body: 'Hello' } }),
    },
    foreign: { code: 'conversation_not_found' },
    audits: 'messages.queued',
  }),
  defineScenario({
    operationId: 'listNumbers',
    setup: senderNumber,
    success: (client) => client.GET('/api/v1/numbers'),
    error: { exempt: 'it takes no input: every key with numbers:read gets its organization’s numbers' },
  }),
  defineScenario({
    operationId: 'getNumber',
    setup: senderNumber,
    success: (client, { id }) => client.GET('/api/v1/numbers/{id}', { params: { path: { id } } }),
    error: { status: 404, code: 'sender_number_not_found', call: (client) => client.GET('/api/v1/numbers/{id}', missing()) },
    foreign: { code: 'sender_number_not_found' },
  }),
  defineScenario({
    operationId: 'updateNumber',
    setup: senderNumber,
    success: (client, { id }) => client.PATCH('/api/v1/numbers/{id}', { params: { path: { id } }, body: { status: 'paused', reason: 'Contract test' } }),
    error: { status: 409, code: 'sender_number_unchanged', call: (client, { id }) => client.PATCH('/api/v1/numbers/{id}', { params: { path: { id } }, body: { status: 'active' } }) },
    foreign: { code: 'sender_number_not_found' },
    audits: 'sender_number.paused',
  }),
]
