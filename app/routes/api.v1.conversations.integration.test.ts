import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatchSenderQueue } from '~/modules/messaging/dispatch-sender-queue.server'
import { receiveInboundMessage } from '~/modules/messaging/receive-inbound-message.server'
import { simulatedOutcome } from '~/modules/messaging/simulated-outcome'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization, createUser } from '../../tests/support/factories'
import { createLeads, freshNumber, sendClockAt } from '../../tests/support/leads'

/**
 * The conversations API and the messages list: an external system reads an
 * organization's threads, replies through the send gate (an opted-out
 * number is refused with its reason and never texted), closes, reopens and
 * assigns conversations (audited), and sees a new inbound message reopen a
 * closed one. Every answer is checked against the OpenAPI document (callApi).
 */

type Message = {
  id: string
  direction: 'outbound' | 'inbound'
  status: string
  purpose: string | null
  to: string
  from: string | null
  body: string
  blockReason: string | null
  conversationId: string | null
  leadId: string | null
  createdAt: string
}
type Page<T> = { data: T[]; nextCursor: string | null }
type Conversation = {
  id: string
  status: 'open' | 'closed'
  assignee: { id: string; name: string } | null
  phone: string
  from: string
  leadId: string | null
  identityId: string | null
  name: string | null
  closedAt: string | null
  replyAllowed?: boolean
  replyBlocked?: { reason: string; message: string } | null
}
type ApiError = { error: { code: string; details?: { field?: string } } }
type Reply = { batchId: string; replayed: boolean; message: Message }

const ALL_SCOPES = ['messages:send', 'messages:read', 'conversations:read', 'conversations:write', 'consent:write']
const BODY = 'Hi, this is Sam with Lone Star Homes. Still thinking of selling? Reply STOP to opt out.'

let restoreClock: () => void
beforeAll(() => {
  // 19:00 UTC is inside every US window: quiet hours never block here.
  restoreClock = sendClockAt(19, resetEnv)
})
afterAll(() => restoreClock())

/** A fresh number the simulated carrier delivers to, with no reply of its own. */
function deliverable() {
  for (;;) {
    const n = freshNumber('512')
    if (simulatedOutcome(n).kind === 'delivered') return n
  }
}

async function dispatchAll(organizationId: string) {
  const simulated = []
  for (const sender of await prisma.senderNumber.findMany({ where: { organizationId } })) {
    simulated.push(...(await dispatchSenderQueue({ senderNumberId: sender.id })).simulated)
  }
  return simulated
}

/**
 * A sandbox organization with two leads texted once (two conversations),
 * the first of whom has answered.
 */
async function inbox() {
  const org = await createOrganization({ environment: 'sandbox' })
  const { key, admin } = await createApiKeyFor({ organizationId: org.id, scopes: ALL_SCOPES })
  const phones = [deliverable(), deliverable()]
  const { leads } = await createLeads(org.id, phones.map((phone) => ({ phone })))
  const sent = await callApi<{ queued: { to: string; from: string }[] }>({
    method: 'POST',
    path: '/api/v1/messages',
    key,
    headers: { 'Idempotency-Key': randomUUID() },
    json: { body: BODY, leadIds: leads.map((l) => l.id) },
  })
  expect(sent.status).toBe(202)
  expect(await dispatchAll(org.id)).toHaveLength(2)
  const ourNumber = (phone: string) => sent.body.queued.find((q) => q.to === phone)!.from
  const answer = await receiveInboundMessage({ carrierSid: `SM${randomUUID().replaceAll('-', '')}`, from: phones[0]!, to: ourNumber(phones[0]!), body: 'Maybe. What would you offer?' })
  const conversations = await prisma.conversation.findMany({ where: { organizationId: org.id } })
  const of = (phone: string) => conversations.find((c) => c.toE164 === phone)!
  return { organizationId: org.id, key, admin, phones, leads, answered: of(phones[0]!), quiet: of(phones[1]!), inboundId: answer.messageId, ourNumber }
}

describe('the conversations API', () => {
  it('lists conversations by latest activity with their filters, and reads one with its lead, identity, status and assignee', async () => {
    const { key, admin, phones, leads, answered, quiet } = await inbox()

    const all = await callApi<Page<Conversation>>({ path: '/api/v1/conversations', key })
    expect(all.status).toBe(200)
    // The one that answered has the latest activity.
    expect(all.body.data.map((c) => c.id)).toEqual([answered.id, quiet.id])
    expect(all.body.data[0]).toMatchObject({ status: 'open', assignee: null, phone: phones[0], leadId: leads[0]!.id, closedAt: null })

    const paged = await callApi<Page<Conversation>>({ path: '/api/v1/conversations?limit=1', key })
    expect(paged.body.data.map((c) => c.id)).toEqual([answered.id])
    const next = await callApi<Page<Conversation>>({ path: `/api/v1/conversations?limit=1&cursor=${paged.body.nextCursor}`, key })
    expect(next.body.data.map((c) => c.id)).toEqual([quiet.id])
    expect(next.body.nextCursor).toBeNull()

    const byLead = await callApi<Page<Conversation>>({ path: `/api/v1/conversations?leadId=${leads[1]!.id}`, key })
    expect(byLead.body.data.map((c) => c.id)).toEqual([quiet.id])
    const usFormat = `(${phones[0]!.slice(2, 5)}) ${phones[0]!.slice(5, 8)}-${phones[0]!.slice(8)}`
    const byPhone = await callApi<Page<Conversation>>({ path: `/api/v1/conversations?phone=${encodeURIComponent(usFormat)}`, key })
    expect(byPhone.body.data.map((c) => c.id)).toEqual([answered.id])
    const badPhone = await callApi<ApiError>({ path: '/api/v1/conversations?phone=12345', key })
    expect(badPhone.status).toBe(422)
    expect(badPhone.body.error.code).toBe('invalid_phone_number')
    const badAssignee = await callApi<ApiError>({ path: '/api/v1/conversations?assignedTo=me', key })
    expect(badAssignee.status).toBe(400)

    const one = await callApi<{ conversation: Conversation }>({ path: `/api/v1/conversations/${answered.id}`, key })
    expect(one.status).toBe(200)
    expect(one.body.conversation).toMatchObject({
      id: answered.id,
      status: 'open',
      assignee: null,
      phone: phones[0],
      from: answered.fromE164,
      leadId: leads[0]!.id,
      identityId: expect.any(String),
      replyAllowed: true,
      replyBlocked: null,
    })

    const assigned = await callApi<{ conversation: Conversation }>({ method: 'PATCH', path: `/api/v1/conversations/${quiet.id}`, key, json: { assignedUserId: admin.id } })
    expect(assigned.status).toBe(200)
    const mine = await callApi<Page<Conversation>>({ path: `/api/v1/conversations?assignedTo=${admin.id}`, key })
    expect(mine.body.data.map((c) => c.id)).toEqual([quiet.id])
    expect(mine.body.data[0]!.assignee).toEqual({ id: admin.id, name: admin.name })
    const unassigned = await callApi<Page<Conversation>>({ path: '/api/v1/conversations?assignedTo=unassigned', key })
    expect(unassigned.body.data.map((c) => c.id)).toEqual([answered.id])
  })

  it('reads a thread newest first, a page at a time, and the messages list with its filters', async () => {
    const { key, answered, quiet, inboundId, leads } = await inbox()

    const thread = await callApi<Page<Message>>({ path: `/api/v1/conversations/${answered.id}/messages`, key })
    expect(thread.status).toBe(200)
    expect(thread.body.data.map((m) => [m.direction, m.body])).toEqual([
      ['inbound', 'Maybe. What would you offer?'],
      ['outbound', BODY],
    ])
    expect(thread.body.data[0]).toMatchObject({ id: inboundId, status: 'received', purpose: null, conversationId: answered.id, leadId: leads[0]!.id, to: answered.fromE164, from: answered.toE164 })
    expect(thread.body.data[1]).toMatchObject({ status: 'sent', purpose: 'marketing', conversationId: answered.id })

    const first = await callApi<Page<Message>>({ path: `/api/v1/conversations/${answered.id}/messages?limit=1`, key })
    expect(first.body.data.map((m) => m.id)).toEqual([thread.body.data[0]!.id])
    const second = await callApi<Page<Message>>({ path: `/api/v1/conversations/${answered.id}/messages?limit=1&cursor=${first.body.nextCursor}`, key })
    expect(second.body.data.map((m) => m.id)).toEqual([thread.body.data[1]!.id])
    expect(second.body.nextCursor).toBeNull()

    // GET /api/v1/messages/{id} reads every id a list gives out, an inbound one too.
    const inbound = await callApi<{ message: Message }>({ path: `/api/v1/messages/${inboundId}`, key })
    expect(inbound.status).toBe(200)
    expect(inbound.body.message).toMatchObject({ direction: 'inbound', status: 'received', body: 'Maybe. What would you offer?' })

    const everything = await callApi<Page<Message>>({ path: '/api/v1/messages', key })
    expect(everything.body.data).toHaveLength(3)
    expect(everything.body.data[0]!.id).toBe(inboundId)
    const times = everything.body.data.map((m) => m.createdAt)
    expect([...times].sort().reverse()).toEqual(times)

    const inboundOnly = await callApi<Page<Message>>({ path: '/api/v1/messages?direction=inbound', key })
    expect(inboundOnly.body.data.map((m) => m.id)).toEqual([inboundId])
    const sentOnly = await callApi<Page<Message>>({ path: '/api/v1/messages?status=sent', key })
    expect(sentOnly.body.data).toHaveLength(2)
    expect(sentOnly.body.data.every((m) => m.direction === 'outbound')).toBe(true)
    const ofQuiet = await callApi<Page<Message>>({ path: `/api/v1/messages?conversationId=${quiet.id}`, key })
    expect(ofQuiet.body.data.map((m) => m.to)).toEqual([quiet.toE164])
    const ofLead = await callApi<Page<Message>>({ path: `/api/v1/messages?leadId=${leads[0]!.id}`, key })
    expect(ofLead.body.data.map((m) => m.direction).sort()).toEqual(['inbound', 'outbound'])
    const future = new Date(Date.now() + 60_000).toISOString()
    const none = await callApi<Page<Message>>({ path: `/api/v1/messages?since=${encodeURIComponent(future)}`, key })
    expect(none.body.data).toEqual([])
    const before = await callApi<Page<Message>>({ path: `/api/v1/messages?until=${encodeURIComponent(future)}&limit=2`, key })
    expect(before.body.data).toHaveLength(2)
    const rest = await callApi<Page<Message>>({ path: `/api/v1/messages?until=${encodeURIComponent(future)}&limit=2&cursor=${before.body.nextCursor}`, key })
    expect(rest.body.data).toHaveLength(1)
    expect(new Set([...before.body.data, ...rest.body.data].map((m) => m.id)).size).toBe(3)
    const badCursor = await callApi<ApiError>({ path: '/api/v1/messages?cursor=nonsense', key })
    expect(badCursor.status).toBe(400)
  })

  it('replies through the gate: queued and sent when allowed, idempotent, and refused with its reason to an opted-out number', async () => {
    const { organizationId, key, answered, quiet, phones } = await inbox()
    const idempotencyKey = randomUUID()
    const post = (id: string, body: string, headers: Record<string, string> = { 'Idempotency-Key': randomUUID() }) =>
      callApi<Reply>({ method: 'POST', path: `/api/v1/conversations/${id}/messages`, key, headers, json: { body } })

    const reply = await post(answered.id, 'Happy to talk numbers. When is a good time to call?', { 'Idempotency-Key': idempotencyKey })
    expect(reply.status).toBe(202)
    expect(reply.body).toMatchObject({ replayed: false, message: { direction: 'outbound', purpose: 'reply', status: 'pending', to: phones[0], from: answered.fromE164, conversationId: answered.id } })
    const again = await post(answered.id, 'Happy to talk numbers. When is a good time to call?', { 'Idempotency-Key': idempotencyKey })
    expect(again.status).toBe(202)
    expect(again.body.message.id).toBe(reply.body.message.id)
    expect(await prisma.sendQueueItem.count({ where: { organizationId, purpose: 'reply' } })).toBe(1)

    const sent = await dispatchAll(organizationId)
    expect(sent.map((m) => m.to)).toEqual([phones[0]])
    const afterSend = await callApi<{ message: Message }>({ path: `/api/v1/messages/${reply.body.message.id}`, key })
    expect(afterSend.body.message).toMatchObject({ status: 'sent', conversationId: answered.id })

    // The quiet one never wrote to us: a message in its thread is marketing, with every marketing check (here the cooldown of the first text).
    const unanswered = await post(quiet.id, 'Did you get my last text?')
    expect(unanswered.body.message).toMatchObject({ purpose: 'marketing', status: 'blocked', blockReason: 'cooldown_same_vertical', to: phones[1] })

    const optOut = await callApi({ method: 'POST', path: '/api/v1/consent-events', key, json: { phone: phones[1], kind: 'opt_out', evidence: { note: 'Asked not to be texted' } } })
    expect(optOut.status).toBe(201)
    const standing = await callApi<{ conversation: Conversation }>({ path: `/api/v1/conversations/${quiet.id}`, key })
    expect(standing.body.conversation).toMatchObject({ replyAllowed: false, replyBlocked: { reason: 'opted_out' } })
    const refused = await post(quiet.id, 'Just checking in!')
    expect(refused.status).toBe(202)
    expect(refused.body.message).toMatchObject({ status: 'blocked', blockReason: 'opted_out', from: null, to: phones[1], conversationId: quiet.id })
    // Nothing goes to the opted-out number, and the refusal stays in its thread.
    expect(await dispatchAll(organizationId)).toEqual([])
    expect(await prisma.message.count({ where: { organizationId, toE164: phones[1]!, direction: 'outbound' } })).toBe(1)
    const thread = await callApi<Page<Message>>({ path: `/api/v1/conversations/${quiet.id}/messages`, key })
    expect(thread.body.data[0]).toMatchObject({ id: refused.body.message.id, status: 'blocked', blockReason: 'opted_out' })

    const empty = await callApi<ApiError>({ method: 'POST', path: `/api/v1/conversations/${quiet.id}/messages`, key, json: { body: '  ' } })
    expect(empty.status).toBe(400)
  })

  it('closes, reopens and assigns a conversation, audited; refuses a user of another organization; a new inbound message reopens it', async () => {
    const { organizationId, key, answered, phones } = await inbox()
    const teammate = await createUser({ organizationId, name: 'Robin Teammate' })
    const stranger = await createUser()
    const patch = (json: unknown) => callApi<{ conversation: Conversation } & ApiError>({ method: 'PATCH', path: `/api/v1/conversations/${answered.id}`, key, json })

    const closed = await patch({ status: 'closed', assignedUserId: teammate.id })
    expect(closed.status).toBe(200)
    expect(closed.body.conversation).toMatchObject({ status: 'closed', assignee: { id: teammate.id, name: 'Robin Teammate' }, closedAt: expect.any(String) })
    const audit = await prisma.auditLog.findMany({ where: { organizationId, action: 'conversation.updated', targetId: answered.id } })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorType: 'api_key', summary: { changed: { status: { before: 'open', after: 'closed' }, assignedUserId: { before: null, after: teammate.id } } } })

    // The same values again change nothing, and write nothing.
    expect((await patch({ status: 'closed' })).status).toBe(200)
    expect(await prisma.auditLog.count({ where: { organizationId, action: 'conversation.updated', targetId: answered.id } })).toBe(1)

    const closedList = await callApi<Page<Conversation>>({ path: '/api/v1/conversations?status=closed', key })
    expect(closedList.body.data.map((c) => c.id)).toEqual([answered.id])
    const openList = await callApi<Page<Conversation>>({ path: '/api/v1/conversations?status=open', key })
    expect(openList.body.data.map((c) => c.id)).not.toContain(answered.id)

    const foreign = await patch({ assignedUserId: stranger.id })
    expect(foreign.status).toBe(422)
    expect(foreign.body.error).toMatchObject({ code: 'assignee_not_in_organization', details: { field: 'assignedUserId' } })
    const disabled = await createUser({ organizationId, status: 'disabled' })
    expect((await patch({ assignedUserId: disabled.id })).status).toBe(422)
    expect((await prisma.conversation.findUniqueOrThrow({ where: { id: answered.id } })).assignedUserId).toBe(teammate.id)

    expect((await patch({})).status).toBe(400)
    expect((await patch({ status: 'snoozed' })).status).toBe(400)

    const unassigned = await patch({ assignedUserId: null })
    expect(unassigned.body.conversation.assignee).toBeNull()

    // They write again: the conversation is open again, and the audit log says why.
    await receiveInboundMessage({ carrierSid: `SM${randomUUID().replaceAll('-', '')}`, from: phones[0]!, to: answered.fromE164, body: 'Actually, call me tomorrow.' })
    const reopened = await callApi<{ conversation: Conversation }>({ path: `/api/v1/conversations/${answered.id}`, key })
    expect(reopened.body.conversation).toMatchObject({ status: 'open', closedAt: null })
    const reopenAudit = await prisma.auditLog.findMany({ where: { organizationId, action: 'conversation.reopened', targetId: answered.id } })
    expect(reopenAudit).toHaveLength(1)
    expect(reopenAudit[0]).toMatchObject({ actorType: 'system', actorLabel: 'inbound_sms' })
    // An inbound message to an open conversation reopens nothing.
    await receiveInboundMessage({ carrierSid: `SM${randomUUID().replaceAll('-', '')}`, from: phones[0]!, to: answered.fromE164, body: 'Any time after 9.' })
    expect(await prisma.auditLog.count({ where: { organizationId, action: 'conversation.reopened' } })).toBe(1)

    const reclosed = await patch({ status: 'closed' })
    expect(reclosed.body.conversation.status).toBe('closed')
    const reopenedByKey = await patch({ status: 'open' })
    expect(reopenedByKey.body.conversation).toMatchObject({ status: 'open', closedAt: null })
  })

  it('answers another organization’s conversation as one that does not exist, and refuses a key without the scope', async () => {
    const { key, answered } = await inbox()
    const other = await createApiKeyFor({ organizationId: (await createOrganization({ environment: 'sandbox' })).id, scopes: ALL_SCOPES })
    const asOther = [
      await callApi<ApiError>({ path: `/api/v1/conversations/${answered.id}`, key: other.key }),
      await callApi<ApiError>({ path: `/api/v1/conversations/${answered.id}/messages`, key: other.key }),
      await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/conversations/${answered.id}`, key: other.key, json: { status: 'closed' } }),
      await callApi<ApiError>({ method: 'POST', path: `/api/v1/conversations/${answered.id}/messages`, key: other.key, json: { body: 'Hello' } }),
      await callApi<ApiError>({ path: `/api/v1/conversations/${randomUUID()}`, key }),
    ]
    expect(asOther.map((a) => [a.status, a.body.error.code])).toEqual(Array(5).fill([404, 'conversation_not_found']))
    expect((await prisma.conversation.findUniqueOrThrow({ where: { id: answered.id } })).status).toBe('open')
    expect((await callApi<Page<Conversation>>({ path: '/api/v1/conversations', key: other.key })).body.data).toEqual([])
    expect((await callApi<Page<Message>>({ path: '/api/v1/messages', key: other.key })).body.data).toEqual([])
    expect((await callApi<Page<Message>>({ path: `/api/v1/messages?conversationId=${answered.id}`, key: other.key })).body.data).toEqual([])

    const reader = await createApiKeyFor({ organizationId: answered.organizationId, scopes: ['conversations:read'] })
    const patch = await callApi<ApiError>({ method: 'PATCH', path: `/api/v1/conversations/${answered.id}`, key: reader.key, json: { status: 'closed' } })
    expect(patch.status).toBe(403)
    expect(patch.body.error.code).toBe('insufficient_scope')
    const reply = await callApi<ApiError>({ method: 'POST', path: `/api/v1/conversations/${answered.id}/messages`, key: reader.key, json: { body: 'Hello' } })
    expect(reply.status).toBe(403)
    const list = await callApi<ApiError>({ path: '/api/v1/messages', key: reader.key })
    expect(list.status).toBe(403)
    const writer = await createApiKeyFor({ organizationId: answered.organizationId, scopes: ['conversations:write'] })
    expect((await callApi<ApiError>({ path: '/api/v1/conversations', key: writer.key })).status).toBe(403)
  })
})
