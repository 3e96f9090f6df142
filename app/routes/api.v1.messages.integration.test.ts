import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dispatchSenderQueue } from '~/modules/messaging/dispatch-sender-queue.server'
import { simulateCarrierOutcome } from '~/modules/messaging/simulate-carrier-outcome.server'
import { simulatedOutcome } from '~/modules/messaging/simulated-outcome'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../tests/support/factories'
import { createLeads, freshNumber, sendClockAt } from '../../tests/support/leads'

/**
 * POST /api/v1/messages and GET /api/v1/messages/{id}: an external system
 * sends to leads and numbers of a sandbox organization, sees every recipient
 * the gate blocks with its reason, retries safely with its Idempotency-Key,
 * and follows a message until the simulated carrier delivers it. Every
 * answer is checked against the OpenAPI document (callApi).
 */

type Queued = { id: string; leadId: string | null; to: string; from: string }
type Blocked = { id: string | null; leadId: string | null; to: string | null; reason: string; message: string; detail: string | null }
type SendResult = { batchId: string; replayed: boolean; requested: number; queued: Queued[]; blocked: Blocked[] }
type Message = {
  id: string
  batchId: string | null
  status: string
  deliveryStatus: string | null
  to: string
  from: string | null
  body: string
  blockReason: string | null
  blockMessage: string | null
  conversationId: string | null
  sentAt: string | null
}
type ApiError = { error: { code: string; details?: { field?: string; fields?: { path: string }[] } } }

let restoreClock: () => void
beforeAll(() => {
  // 19:00 UTC is inside every US window: quiet hours never block here.
  restoreClock = sendClockAt(19, resetEnv)
})
afterAll(() => restoreClock())

/** A fresh number the simulated carrier delivers to, with no reply. */
function deliverable() {
  for (;;) {
    const n = freshNumber('512')
    if (simulatedOutcome(n).kind === 'delivered') return n
  }
}

const usFormat = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`
/** Nine digits after +1: not a number (kept as given, so it is recorded with its reason). */
const TOO_SHORT = '+1512867530'
const BODY = 'Hi, this is Sam with Lone Star Homes. Still thinking of selling? Reply STOP to opt out.'

async function sandbox(scopes: string[]) {
  const org = await createOrganization({ environment: 'sandbox' })
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes })
  return { organizationId: org.id, key }
}

describe('the messages API', () => {
  it('queues to leads and numbers through the gate, lists every blocked recipient with its reason, replays by its key, and shows a message until it is delivered', async () => {
    const { organizationId, key } = await sandbox(['messages:send', 'messages:read', 'consent:write'])
    const leadPhone = deliverable()
    const direct = deliverable()
    const optedOut = deliverable()
    const { leads } = await createLeads(organizationId, [{ phone: leadPhone }, { phone: null }])
    const recorded = await callApi({ method: 'POST', path: '/api/v1/consent-events', key, json: { phone: optedOut, kind: 'opt_out', evidence: { note: 'Asked not to be texted' } } })
    expect(recorded.status).toBe(201)

    const request = { body: BODY, leadIds: leads.map((l) => l.id), to: [usFormat(direct), optedOut, TOO_SHORT, '555'] }
    const idempotencyKey = crypto.randomUUID()
    const sent = await callApi<SendResult>({ method: 'POST', path: '/api/v1/messages', key, headers: { 'Idempotency-Key': idempotencyKey }, json: request })
    expect(sent.status).toBe(202)
    expect(sent.body).toMatchObject({ replayed: false, requested: 6 })
    expect(sent.body.queued.map((q) => [q.leadId, q.to]).sort()).toEqual([[leads[0]!.id, leadPhone], [null, direct]].sort())
    expect(sent.body.queued.every((q) => /^\+1512\d{7}$/.test(q.from))).toBe(true)
    expect(sent.body.blocked).toHaveLength(4)
    expect(sent.body.blocked).toEqual(
      expect.arrayContaining([
        { id: null, leadId: leads[1]!.id, to: null, reason: 'no_phone', message: 'The lead has no phone number to text', detail: null },
        expect.objectContaining({ id: expect.any(String), leadId: null, to: optedOut, reason: 'opted_out' }),
        expect.objectContaining({ id: expect.any(String), leadId: null, to: TOO_SHORT, reason: 'invalid_number' }),
        // Text that is no number at all is reported and not stored: there is nothing to read back.
        expect.objectContaining({ id: null, leadId: null, to: '555', reason: 'invalid_number' }),
      ]),
    )
    const rows = await prisma.sendQueueItem.count({ where: { organizationId } })
    expect(rows).toBe(4)

    // The same key answers the same send and queues nothing new: within 24 hours the stored answer…
    const retried = await callApi<SendResult>({ method: 'POST', path: '/api/v1/messages', key, headers: { 'Idempotency-Key': idempotencyKey }, json: request })
    expect(retried.status).toBe(202)
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true')
    expect(retried.body).toEqual(sent.body)
    // …and after the key store has let the key go, the send it named.
    await prisma.idempotencyKey.deleteMany({ where: { key: idempotencyKey } })
    const later = await callApi<SendResult>({ method: 'POST', path: '/api/v1/messages', key, headers: { 'Idempotency-Key': idempotencyKey }, json: request })
    expect(later.status).toBe(202)
    expect(later.body).toMatchObject({ batchId: sent.body.batchId, replayed: true, requested: 6 })
    expect(later.body.queued.map((q) => q.id).sort()).toEqual(sent.body.queued.map((q) => q.id).sort())
    expect(await prisma.sendQueueItem.count({ where: { organizationId } })).toBe(rows)
    expect(await prisma.sendBatch.count({ where: { organizationId } })).toBe(1)

    // A queued message, then sent, then delivered.
    const queuedId = sent.body.queued.find((q) => q.to === direct)!.id
    const before = await callApi<{ message: Message }>({ path: `/api/v1/messages/${queuedId}`, key })
    expect(before.status).toBe(200)
    expect(before.body.message).toMatchObject({ id: queuedId, batchId: sent.body.batchId, status: 'pending', deliveryStatus: null, to: direct, body: BODY, blockReason: null, sentAt: null })

    const blockedId = sent.body.blocked.find((b) => b.reason === 'opted_out')!.id!
    const blocked = await callApi<{ message: Message }>({ path: `/api/v1/messages/${blockedId}`, key })
    expect(blocked.body.message).toMatchObject({ status: 'blocked', from: null, blockReason: 'opted_out', blockMessage: expect.stringContaining('opted out') })

    const simulated = []
    for (const sender of await prisma.senderNumber.findMany({ where: { organizationId } })) {
      simulated.push(...(await dispatchSenderQueue({ senderNumberId: sender.id })).simulated)
    }
    expect(simulated).toHaveLength(2)
    const afterSend = await callApi<{ message: Message }>({ path: `/api/v1/messages/${queuedId}`, key })
    expect(afterSend.body.message).toMatchObject({ status: 'sent', deliveryStatus: expect.any(String), conversationId: expect.any(String), sentAt: expect.any(String) })

    for (const message of simulated) await simulateCarrierOutcome(message)
    const delivered = await callApi<{ message: Message }>({ path: `/api/v1/messages/${queuedId}`, key })
    expect(delivered.body.message).toMatchObject({ status: 'sent', deliveryStatus: 'delivered' })

    // Another organization's message is not there, exactly like one that never was.
    const other = await sandbox(['messages:read'])
    const foreign = await callApi<ApiError>({ path: `/api/v1/messages/${queuedId}`, key: other.key })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('send_not_found')
    const unknown = await callApi<ApiError>({ path: `/api/v1/messages/${crypto.randomUUID()}`, key })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('send_not_found')
  })

  it('refuses invalid requests, naming the field, and queues nothing', async () => {
    const { organizationId, key } = await sandbox(['messages:send'])
    const post = (json: unknown, headers: Record<string, string> = { 'Idempotency-Key': crypto.randomUUID() }) =>
      callApi<ApiError>({ method: 'POST', path: '/api/v1/messages', key, headers, json })

    const noKey = await post({ body: BODY, to: [deliverable()] }, {})
    expect(noKey.status).toBe(400)
    expect(noKey.body.error.code).toBe('idempotency_key_required')

    const tooLong = await post({ body: 'x'.repeat(1601), to: [deliverable()] })
    expect(tooLong.status).toBe(400)
    expect(tooLong.body.error.code).toBe('invalid_body')
    expect(tooLong.body.error.details?.fields?.map((f) => f.path)).toEqual(['body'])

    const badPurpose = await post({ body: BODY, purpose: 'blast', to: [deliverable()] })
    expect(badPurpose.status).toBe(400)
    expect(badPurpose.body.error.details?.fields?.map((f) => f.path)).toEqual(['purpose'])

    const nobody = await post({ body: BODY })
    expect(nobody.status).toBe(422)
    expect(nobody.body.error).toMatchObject({ code: 'no_recipients', details: { field: 'recipients' } })

    const strangers = await post({ body: BODY, leadIds: [crypto.randomUUID()] })
    expect(strangers.status).toBe(422)
    expect(strangers.body.error).toMatchObject({ code: 'lead_not_found', details: { field: 'leadIds' } })

    expect(await prisma.sendQueueItem.count({ where: { organizationId } })).toBe(0)
  })

  it('needs messages:send to send and messages:read to read', async () => {
    const reader = await sandbox(['messages:read'])
    const refused = await callApi<ApiError>({
      method: 'POST',
      path: '/api/v1/messages',
      key: reader.key,
      headers: { 'Idempotency-Key': crypto.randomUUID() },
      json: { body: BODY, to: [deliverable()] },
    })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('insufficient_scope')

    const sender = await sandbox(['messages:send'])
    const unread = await callApi<ApiError>({ path: `/api/v1/messages/${crypto.randomUUID()}`, key: sender.key })
    expect(unread.status).toBe(403)
  })
})
