import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { pool, prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { startFakeTwilio, type FakeTwilio } from '../../../tests/fakes/fake-twilio'
import { createOrganization } from '../../../tests/support/factories'
import { createLeads, freshNumber, sendClockAt } from '../../../tests/support/leads'
import type { Carrier } from './carrier.server'
import { encryptCarrierToken } from './carrier-token-crypto.server'
import { dispatchSenderQueue } from './dispatch-sender-queue.server'
import { ensureSandboxSenders } from './ensure-sandbox-senders.server'
import { queueSends } from './queue-sends.server'
import { receiveInboundMessage } from './receive-inbound-message.server'
import { recordMessageStatus } from './record-message-status.server'
import { settleStrandedSends } from './settle-stranded-sends.server'
import { settleUnknownSends } from './settle-unknown-sends.server'
import { simulateCarrierOutcome } from './simulate-carrier-outcome.server'
import { simulatedCarrier } from './simulated-carrier.server'
import { simulatedOutcome } from './simulated-outcome'
import { storeMedia } from '~/modules/media/store-media.server'
import { PNG } from '../../../tests/support/images'
import { loader as mediaLoader } from '~/routes/media.$id.$token'
import { useLocalUploadStore } from '../../../tests/support/upload-env'

let restoreClock: () => void
let twilio: FakeTwilio
beforeAll(async () => {
  restoreClock = sendClockAt(19, resetEnv)
  twilio = await startFakeTwilio()
  process.env.TWILIO_API_BASE_URL = twilio.url
  resetEnv()
})
afterAll(async () => {
  delete process.env.TWILIO_API_BASE_URL
  restoreClock()
  await twilio.close()
})

/** A fresh number the simulated carrier treats a given way. */
function numberThat(kind: 'stop' | 'delivered', areaCode = '512') {
  for (;;) {
    const n = freshNumber(areaCode)
    const outcome = simulatedOutcome(n)
    if (kind === 'stop' && outcome.kind === 'delivered_then_reply' && outcome.reply === 'STOP') return n
    if (kind === 'delivered' && outcome.kind === 'delivered') return n
  }
}

async function sandbox() {
  const org = await createOrganization({ environment: 'sandbox' })
  return { org, actor: systemActor('test', { organizationId: org.id }) }
}

/** A `test` organization sending through Twilio (the fake, through the real SDK) from `count` numbers. */
async function twilioOrganization(count = 1) {
  const org = await createOrganization({ environment: 'test' })
  const token = encryptCarrierToken(twilio.defaultAccount.authToken)
  const account = await prisma.carrierAccount.create({
    data: { organizationId: org.id, kind: 'twilio', name: 'Twilio', accountSid: twilio.defaultAccount.sid, authTokenCiphertext: token.ciphertext, authTokenKeyId: token.keyId, mps: 100 },
  })
  const numbers = []
  for (let i = 0; i < count; i++) {
    numbers.push(
      await prisma.senderNumber.create({
        data: { organizationId: org.id, carrierAccountId: account.id, e164: freshNumber('512'), areaCode: '512', state: 'TX', mps: 20 },
      }),
    )
  }
  return { org, actor: systemActor('test', { organizationId: org.id }), numbers }
}

async function drain(organizationId: string) {
  const senders = await prisma.senderNumber.findMany({ where: { organizationId } })
  const results = []
  for (const sender of senders) results.push(await dispatchSenderQueue({ senderNumberId: sender.id }))
  return results
}

const queueRows = (organizationId: string) => prisma.sendQueueItem.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' } })

afterEach(() => {
  twilio.messages.length = 0
})

describe('sending from a sandbox organization', () => {
  it('queues through the gate, sends from a matching number, records deliveries, and a STOP opts the number out everywhere with one confirmation', async () => {
    const { org, actor } = await sandbox()
    const stopper = numberThat('stop')
    const happy = numberThat('delivered')
    const optedOut = numberThat('delivered')
    const { leads } = await createLeads(org.id, [
      { phone: happy }, { phone: stopper }, { phone: optedOut }, { phone: null }, { phone: happy },
    ])
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: optedOut, source: 'test', evidence: {} })

    const batch = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Hi, still thinking of selling?', leadIds: leads.map((l) => l.id) })
    expect(batch.requested).toBe(5)
    expect(batch.queued.map((q) => q.to).sort()).toEqual([happy, stopper].sort())
    expect(batch.blocked.map((b) => [b.leadId, b.reason])).toEqual(
      expect.arrayContaining([[leads[2]!.id, 'opted_out'], [leads[3]!.id, 'no_phone'], [leads[4]!.id, 'duplicate_in_batch']]),
    )
    // The sandbox got simulated numbers, and a 512 recipient is sent from the 512 one.
    const senders = await prisma.senderNumber.findMany({ where: { organizationId: org.id } })
    expect(senders).toHaveLength(5)
    expect(batch.queued.every((q) => q.from === senders.find((s) => s.areaCode === '512')!.e164)).toBe(true)

    const [dispatched] = (await drain(org.id)).filter((r) => r.sent > 0)
    expect(dispatched).toMatchObject({ sent: 2, blocked: 0, remaining: 0 })
    for (const message of dispatched!.simulated) await simulateCarrierOutcome(message)

    const rows = await queueRows(org.id)
    const byTo = (to: string) => rows.filter((r) => r.toE164 === to)
    expect(byTo(happy).map((r) => r.status).sort()).toEqual(['blocked', 'sent'])
    const messages = await prisma.message.findMany({ where: { organizationId: org.id }, orderBy: { createdAt: 'asc' } })
    expect(messages.filter((m) => m.toE164 === happy).map((m) => m.status)).toEqual(['delivered'])

    // The STOP came in, was detected, recorded for the organization, and answered once.
    const inbound = messages.find((m) => m.direction === 'inbound')!
    expect(inbound).toMatchObject({ fromE164: stopper, body: 'STOP', replyClass: 'opt_out' })
    const events = await prisma.consentEvent.findMany({ where: { organizationId: org.id, e164: stopper } })
    expect(events.map((e) => [e.kind, e.source])).toEqual([['opt_out', 'inbound_sms']])
    const confirmations = messages.filter((m) => m.toE164 === stopper && m.body.includes('unsubscribed'))
    expect(confirmations).toHaveLength(1)
    // One conversation per (our number, their number), holding both directions.
    const conversation = await prisma.conversation.findFirstOrThrow({ where: { organizationId: org.id, toE164: stopper } })
    expect(messages.filter((m) => m.conversationId === conversation.id).map((m) => m.direction)).toEqual(['outbound', 'inbound', 'outbound'])
    expect(conversation.leadId).toBe(leads[1]!.id)

    // The same STOP delivered again is stored once and answered once.
    const again = await receiveInboundMessage({ carrierSid: inbound.carrierSid!, from: stopper, to: inbound.toE164, body: 'STOP' })
    expect(again.duplicate).toBe(true)

    // Every sender of the organization is now blocked from that number, whatever the purpose.
    const next = await queueSends({ organizationId: org.id, actor, purpose: 'reply', body: 'One more thing', to: [stopper] })
    expect(next.blocked.map((b) => b.reason)).toEqual(['opted_out'])

    const stats = await prisma.sendBatch.findUniqueOrThrow({ where: { id: batch.batchId } })
    expect(stats).toMatchObject({ requested: 5, queued: 2, blocked: 3, sent: 2, delivered: 2 })
    // From-to history now holds the cooldown for the next campaign.
    const history = await pool.query(`SELECT to_e164 FROM from_to_history WHERE organization_id = $1 ORDER BY 1`, [org.id])
    expect(history.rows.map((r) => r.to_e164)).toEqual([happy, stopper].sort())
  })

  it('cancels what is queued to a number when it opts out, and an opt-out after queueing stops the send at dispatch', async () => {
    const { org, actor } = await sandbox()
    const [a, b] = [numberThat('delivered'), numberThat('delivered')]
    const batch = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Following up', to: [a, b] })
    expect(batch.queued).toHaveLength(2)

    // A STOP from a, to one of our numbers, cancels its pending message at once.
    const ours = batch.queued[0]!.from
    const stop = await receiveInboundMessage({ carrierSid: `SMtest${Date.now()}`, from: a, to: ours, body: 'Stop texting me please' })
    expect(stop).toMatchObject({ canceled: 1, answered: 'opt_out_confirmation' })
    // b opts out through the API's path (no inbound), after queueing: the gate, asked again at dispatch, stops it.
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: b, source: 'test', evidence: {} })

    await drain(org.id)
    const rows = await prisma.sendQueueItem.findMany({ where: { batchId: batch.batchId } })
    expect(Object.fromEntries(rows.map((r) => [r.toE164, [r.status, r.blockReason]]))).toEqual({
      [a]: ['canceled', 'opted_out'],
      [b]: ['blocked', 'opted_out'],
    })
    const outbound = await prisma.message.findMany({ where: { organizationId: org.id, direction: 'outbound' } })
    expect(outbound.map((m) => m.body)).toEqual([expect.stringContaining('unsubscribed')])
  })

  it('holds a recipient to 3 messages in 24 hours across every number, and answers a repeated request with its first batch', async () => {
    const { org, actor } = await sandbox()
    const to = numberThat('delivered')
    // They texted us first, so these are replies (marketing would wait for the first to go: already_queued).
    await ensureSandboxSenders({ organizationId: org.id })
    const ours = (await prisma.senderNumber.findFirstOrThrow({ where: { organizationId: org.id } })).e164
    await receiveInboundMessage({ carrierSid: `SMfreq${Date.now()}`, from: to, to: ours, body: 'Yes, tell me more' })
    for (let i = 0; i < 3; i++) {
      const sent = await queueSends({ organizationId: org.id, actor, purpose: 'reply', body: `Message ${i}`, to: [to] })
      expect(sent.queued).toHaveLength(1)
    }
    const fourth = await queueSends({ organizationId: org.id, actor, purpose: 'reply', body: 'Message 3', to: [to], idempotencyKey: 'k-4' })
    expect(fourth.blocked.map((b) => b.reason)).toEqual(['frequency_cap'])
    const replay = await queueSends({ organizationId: org.id, actor, purpose: 'reply', body: 'Message 3', to: [to], idempotencyKey: 'k-4' })
    expect(replay).toMatchObject({ batchId: fourth.batchId, replayed: true })
    expect(await prisma.sendBatch.count({ where: { organizationId: org.id } })).toBe(4)
  })

  it('holds marketing to a number whose last reply was unclear, and lets one clarifying reply through until they answer', async () => {
    const { org, actor } = await sandbox()
    const to = numberThat('delivered')
    const first = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Hello', to: [to] })
    const ours = first.queued[0]!.from
    const unclear = await receiveInboundMessage({ carrierSid: `SMamb${Date.now()}`, from: to, to: ours, body: 'not interested' })
    expect(unclear).toMatchObject({ replyClass: { kind: 'ambiguous' }, canceled: 1, answered: null })

    const marketing = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Great offer', to: [to] })
    expect(marketing.blocked.map((b) => b.reason)).toEqual(['ambiguous_reply'])
    const question = await queueSends({ organizationId: org.id, actor, purpose: 'reply', body: 'Should we stop texting you?', to: [to] })
    expect(question.queued).toHaveLength(1)
    const second = await queueSends({ organizationId: org.id, actor, purpose: 'reply', body: 'Hello?', to: [to] })
    expect(second.blocked.map((b) => b.reason)).toEqual(['awaiting_clarification'])

    // They answer: the hold ends.
    await receiveInboundMessage({ carrierSid: `SMok${Date.now()}`, from: to, to: ours, body: 'No, keep me posted' })
    const after = await queueSends({ organizationId: org.id, actor, purpose: 'reply', body: 'Will do', to: [to] })
    expect(after.queued).toHaveLength(1)
  })

  it('sends a reply only to a number that texted us, and one marketing message at a time to a number', async () => {
    const { org, actor } = await sandbox()
    const [cold, warm] = [numberThat('delivered'), numberThat('delivered')]
    const replies = await queueSends({ organizationId: org.id, actor, purpose: 'reply', body: 'Following up', to: [cold] })
    expect(replies.blocked.map((b) => b.reason)).toEqual(['not_a_reply'])

    const first = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Offer', to: [warm, cold] })
    expect(first.queued).toHaveLength(2)
    // Another batch (another operator, or a retry under a new key) while the first still waits: held, not sent twice.
    const again = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Offer', to: [warm] })
    expect(again.blocked.map((b) => b.reason)).toEqual(['already_queued'])
    // The same number twice in one request is a duplicate, reported; the request does not fail.
    const twice = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Offer', to: [numberThat('delivered'), '+1 (512) 867-5309', '(512) 867-5309'] })
    expect(twice.blocked.map((b) => b.reason)).toEqual(['duplicate_in_batch'])
  })

  it('applies a status callback that arrived before the send was recorded', async () => {
    const { org, actor } = await sandbox()
    const to = numberThat('delivered')
    const batch = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Quick', to: [to] })
    const sender = await prisma.senderNumber.findFirstOrThrow({ where: { e164: batch.queued[0]!.from } })
    // A carrier so fast that its "delivered" callback lands before our record of the send.
    const eager: Carrier = {
      kind: 'simulated',
      async send(message) {
        const accepted = await simulatedCarrier.send(message)
        expect(await recordMessageStatus({ carrierSid: accepted.sid, status: 'delivered' })).toEqual({ outcome: 'unknown_message' })
        return accepted
      },
      findSent: simulatedCarrier.findSent,
    }
    expect(await dispatchSenderQueue({ senderNumberId: sender.id, carrier: eager })).toMatchObject({ sent: 1 })
    expect(await prisma.message.findFirstOrThrow({ where: { organizationId: org.id, toE164: to } })).toMatchObject({ status: 'delivered' })
    expect(await prisma.sendBatch.findUniqueOrThrow({ where: { id: batch.batchId } })).toMatchObject({ sent: 1, delivered: 1 })
  })

  it('refuses an empty body, no recipients, and leads of another organization, with clear errors', async () => {
    const { org, actor } = await sandbox()
    const other = await sandbox()
    const { leads } = await createLeads(other.org.id, [{ phone: freshNumber() }])
    await expect(queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: '  ', to: [freshNumber()] })).rejects.toMatchObject({ code: 'invalid_body' })
    await expect(queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Hi' })).rejects.toMatchObject({ code: 'no_recipients' })
    await expect(queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Hi', leadIds: [leads[0]!.id] })).rejects.toMatchObject({ code: 'lead_not_found' })
  })
})

describe('sending through Twilio (the fake, with the real SDK)', () => {
  it('sends an MMS through the SDK with the image’s public URL as MediaUrl, which serves the image', async () => {
    const store = await useLocalUploadStore()
    process.env.APP_URL = 'https://app.esd.test'
    resetEnv()
    try {
      const { org, actor, numbers } = await twilioOrganization(1)
      const { media } = await storeMedia({ organizationId: org.id, actor, bytes: PNG, filename: 'pixel.png' })
      const to = freshNumber('512')
      const batch = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Open house Saturday! Reply STOP to opt out.', to: [to] })
      // As a campaign chunk queues an MMS template's message (campaign-lifecycle.integration.test.ts).
      await prisma.sendQueueItem.updateMany({ where: { batchId: batch.batchId }, data: { mediaId: media.id } })
      expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ sent: 1 })
      const [sent] = twilio.messages
      expect(sent).toMatchObject({ to, body: 'Open house Saturday! Reply STOP to opt out.', mediaUrls: [media.url] })
      expect(sent!.sid.startsWith('MM')).toBe(true)
      expect(media.url.startsWith(`https://app.esd.test/media/${media.id}/`)).toBe(true)
      // What Twilio would fetch: the image.
      const [id, token] = new URL(media.url).pathname.split('/').slice(2)
      const served = (await mediaLoader({ request: new Request(media.url), params: { id, token }, context: {} })) as Response
      expect(served.headers.get('Content-Type')).toBe('image/png')
      expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG)
      expect(await prisma.message.findFirstOrThrow({ where: { organizationId: org.id, toE164: to } })).toMatchObject({ carrierSid: sent!.sid })
    } finally {
      delete process.env.APP_URL
      resetEnv()
      await store.restore()
    }
  })

  it('sends each message exactly once when two dispatch runs race for the same number', async () => {
    const { org, actor, numbers } = await twilioOrganization(1)
    const recipients = Array.from({ length: 12 }, () => freshNumber('512'))
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Racing', to: recipients })
    const [one, two] = await Promise.all([dispatchSenderQueue({ senderNumberId: numbers[0]!.id }), dispatchSenderQueue({ senderNumberId: numbers[0]!.id })])
    expect(one.sent + two.sent).toBe(12)
    expect(twilio.messages.map((m) => m.to).sort()).toEqual([...recipients].sort())
    expect(new Set(twilio.messages.map((m) => m.to)).size).toBe(12)
    expect(twilio.messages.every((m) => m.from === numbers[0]!.e164)).toBe(true)
  })

  it('stops a campaign on 30034, holds a send until the daily reset on 30023, and pauses a number the carriers filter (30007) too often', async () => {
    const { org, actor, numbers } = await twilioOrganization(1)
    const [unregistered, capped, ...rest] = Array.from({ length: 4 }, () => freshNumber('512'))
    twilio.failNextFor(unregistered!, { status: 400, code: 30034, message: 'Message from an unregistered number' })
    twilio.failNextFor(capped!, { status: 400, code: 30023, message: 'Daily cap reached' })
    // The campaign's first recipient fails with 30034: everything still queued in it is canceled.
    await pool.query(`UPDATE sender_numbers SET mps = 1 WHERE id = $1`, [numbers[0]!.id])
    await prisma.carrierAccount.updateMany({ where: { organizationId: org.id }, data: { mps: 1 } })
    const campaign = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Campaign', to: [unregistered!, ...rest] })
    await pool.query(`UPDATE send_queue SET created_at = created_at - interval '1 second' WHERE to_e164 = $1`, [unregistered])
    const held = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Capped', to: [capped!] })
    await pool.query(`UPDATE send_queue SET not_before = now() + interval '1 hour' WHERE batch_id = $1`, [held.batchId])
    // One message per step at 1 MPS × 10 s would take 10 s: claim just the first.
    await pool.query(`UPDATE send_queue SET not_before = now() + interval '1 hour' WHERE batch_id = $1 AND to_e164 <> $2`, [campaign.batchId, unregistered])
    expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ failed: 1 })
    const rows = await prisma.sendQueueItem.findMany({ where: { batchId: campaign.batchId } })
    expect(rows.map((r) => r.status).sort()).toEqual(['canceled', 'canceled', 'failed'])
    expect(rows.filter((r) => r.status === 'canceled').every((r) => r.blockReason === 'campaign_stopped_by_carrier')).toBe(true)

    await pool.query(`UPDATE send_queue SET not_before = now() WHERE batch_id = $1`, [held.batchId])
    expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ retried: 1 })
    const holding = await prisma.sendQueueItem.findFirstOrThrow({ where: { batchId: held.batchId } })
    const midnight = new Date()
    midnight.setUTCHours(24, 0, 0, 0)
    expect(holding).toMatchObject({ status: 'pending', errorCode: 30023, notBefore: midnight })

    // Carrier filtering reported by status callbacks: at the threshold the number is paused, and sends stop.
    const filtered = Array.from({ length: 5 }, () => freshNumber('512'))
    await prisma.carrierAccount.updateMany({ where: { organizationId: org.id }, data: { mps: 100 } })
    await pool.query(`UPDATE sender_numbers SET mps = 20 WHERE id = $1`, [numbers[0]!.id])
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Filtered', to: filtered })
    await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })
    const sent = twilio.messages.filter((m) => filtered.includes(m.to))
    expect(sent).toHaveLength(5)
    for (const message of sent) await recordMessageStatus({ carrierSid: message.sid, status: 'undelivered', errorCode: 30007 })
    expect(await prisma.senderNumber.findUniqueOrThrow({ where: { id: numbers[0]!.id } })).toMatchObject({ status: 'paused', pausedReason: expect.stringContaining('30007') })
    expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ sent: 0, stopped: expect.stringContaining('30007') })
  })

  it('stops a message whose number opts out while its step is already sending, and spaces the sends at the number’s MPS', async () => {
    const { org, actor, numbers } = await twilioOrganization(1)
    await pool.query(`UPDATE sender_numbers SET mps = 5 WHERE id = $1`, [numbers[0]!.id])
    const recipients = Array.from({ length: 8 }, () => freshNumber('512'))
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Mid-batch', to: recipients })
    // The step sends in id order: the last of them is still ahead when the opt-out lands.
    const order = await pool.query<{ to_e164: string }>(`SELECT to_e164 FROM send_queue WHERE organization_id = $1 ORDER BY id`, [org.id])
    const last = order.rows.at(-1)!.to_e164

    const dispatching = dispatchSenderQueue({ senderNumberId: numbers[0]!.id })
    while (twilio.messages.length < 2) await new Promise((resolve) => setTimeout(resolve, 20))
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: last, source: 'test', evidence: {} })
    expect(await dispatching).toMatchObject({ sent: 7, blocked: 1 })

    expect(twilio.messages.map((m) => m.to)).not.toContain(last)
    expect(await prisma.sendQueueItem.findFirstOrThrow({ where: { organizationId: org.id, toE164: last } })).toMatchObject({ status: 'blocked', blockReason: 'opted_out' })
    // 5 MPS: no second, as the carrier's clock (the fake's) sees it, holds more than 5.
    const arrivals = twilio.requests
      .filter((r) => r.method === 'POST' && recipients.includes(String((r.body as Record<string, unknown>).To)))
      .map((r) => r.receivedAt)
    expect(arrivals).toHaveLength(7)
    const busiestSecond = Math.max(...arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + 1000).length))
    expect(busiestSecond).toBeLessThanOrEqual(5)
  })

  it('leaves a message the carrier took before a crash `unknown`, and never sends it again', async () => {
    const { org, actor, numbers } = await twilioOrganization(1)
    const to = freshNumber('512')
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Exactly once', to: [to] })
    // The process dies right after the carrier call: the row stays `sending`, as a real crash would leave it.
    await pool.query(`UPDATE send_queue SET status = 'sending', attempts = 1 WHERE organization_id = $1`, [org.id])
    twilio.messages.push({ sid: 'SMcrashed', accountSid: twilio.defaultAccount.sid, to, from: numbers[0]!.e164, messagingServiceSid: null, body: 'Exactly once', mediaUrls: [], statusCallback: null, status: 'queued', numSegments: 1, dateCreated: new Date() })

    expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ sent: 0, remaining: 0 })
    const settled = await settleStrandedSends({ now: new Date(Date.now() + 10 * 60_000) })
    expect(settled.markedUnknown).toBeGreaterThanOrEqual(1)
    expect((await queueRows(org.id)).map((r) => r.status)).toEqual(['unknown'])
    expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ sent: 0 })
    expect(twilio.messages.filter((m) => m.to === to)).toHaveLength(1)
  })

  it('records an unknown send whose carrier id we kept when its status callbacks come: message, history and counts, once, and its final status', async () => {
    const { org, actor, numbers } = await twilioOrganization(1)
    const to = freshNumber('512')
    const { leads } = await createLeads(org.id, [{ phone: to }])
    const { batchId } = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Settled by its callbacks', leadIds: [leads[0]!.id] })
    // The carrier answered with its id, then our own write failed: `unknown`, with the sid.
    await pool.query(`UPDATE send_queue SET status = 'unknown', attempts = 1, carrier_sid = 'SMunknownkept' WHERE batch_id = $1`, [batchId])
    expect(await recordMessageStatus({ carrierSid: 'SMunknownkept', status: 'sent' })).toMatchObject({ outcome: 'applied', status: 'sent' })
    expect(await recordMessageStatus({ carrierSid: 'SMunknownkept', status: 'delivered' })).toEqual({ outcome: 'applied', status: 'delivered' })
    expect(await recordMessageStatus({ carrierSid: 'SMunknownkept', status: 'delivered' })).toEqual({ outcome: 'duplicate' })
    const messages = await prisma.message.findMany({ where: { carrierSid: 'SMunknownkept' } })
    expect(messages.map((m) => m.status)).toEqual(['delivered'])
    expect((await queueRows(org.id))[0]).toMatchObject({ status: 'sent', carrierSid: 'SMunknownkept' })
    expect(await prisma.sendBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ sent: 1, delivered: 1 })
    expect(await prisma.fromToHistory.count({ where: { organizationId: org.id, toE164: to } })).toBe(1)
    expect(twilio.messages).toHaveLength(0)

    // One settled by a failure is acted on like any other: a landline (30006) is suppressed for every later send.
    const landline = freshNumber('512')
    const second = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Settled by a failure', to: [landline] })
    await pool.query(`UPDATE send_queue SET status = 'unknown', attempts = 1, carrier_sid = 'SMunknownlandline' WHERE batch_id = $1`, [second.batchId])
    expect(await recordMessageStatus({ carrierSid: 'SMunknownlandline', status: 'undelivered', errorCode: 30006 })).toMatchObject({ outcome: 'applied', status: 'undelivered' })
    expect(await prisma.consentEvent.findFirst({ where: { organizationId: org.id, e164: landline } })).toMatchObject({ kind: 'wrong_number', source: 'carrier' })
    expect(await prisma.sendBatch.findUniqueOrThrow({ where: { id: second.batchId } })).toMatchObject({ sent: 1, failed: 1 })
  })

  it('looks an unknown send up at the carrier: found, it is recorded as sent; never found, it failed — and neither is sent again', async () => {
    const { org, actor, numbers } = await twilioOrganization(1)
    const [reached, lost] = [freshNumber('512'), freshNumber('512')]
    twilio.failNextFor(lost, { network: 'reset' })
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Lookup', to: [reached, lost] })
    // `reached`: Twilio took it, then our record of it failed (the row lost its sid with the process).
    const out = await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })
    expect(out).toMatchObject({ sent: 1, unknown: 1 })
    const taken = twilio.messages.find((m) => m.to === reached)!
    await pool.query(`UPDATE send_queue SET status = 'unknown', carrier_sid = NULL, message_id = NULL WHERE to_e164 = $1`, [reached])
    await pool.query(`DELETE FROM messages WHERE carrier_sid = $1 AND created_at > now() - interval '1 hour'`, [taken.sid])

    const soon = await settleUnknownSends({ now: new Date(Date.now() + 5 * 60_000) })
    // (Other tests' unknown sends are in this database too: only ours are counted on.)
    expect(soon).toMatchObject({ found: 1, failed: 0 })
    expect(await prisma.sendQueueItem.findFirstOrThrow({ where: { organizationId: org.id, toE164: reached } })).toMatchObject({ status: 'sent', carrierSid: taken.sid })
    expect(await prisma.message.count({ where: { carrierSid: taken.sid } })).toBe(1)
    const later = await settleUnknownSends({ now: new Date(Date.now() + 45 * 60_000) })
    expect(later.found).toBe(0)
    expect(later.failed).toBeGreaterThanOrEqual(1)
    expect(await prisma.sendQueueItem.findFirstOrThrow({ where: { organizationId: org.id, toE164: lost } })).toMatchObject({ status: 'failed' })
    expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ sent: 0 })
    expect(twilio.messages.filter((m) => m.to === reached || m.to === lost)).toHaveLength(1)
  })

  it('queues a message a status callback says was not delivered (30003) again for later, up to three tries, each gated and counted once', async () => {
    const { org, actor, numbers } = await twilioOrganization(1)
    const to = freshNumber('512')
    // A lead, so the send has a vertical and its first attempt lands in the from-to history: that is not another send for the cooldown.
    const { leads } = await createLeads(org.id, [{ phone: to }])
    const { batchId } = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Are you there?', leadIds: [leads[0]!.id] })
    expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ sent: 1 })
    expect(await prisma.fromToHistory.count({ where: { organizationId: org.id, toE164: to } })).toBe(1)
    const batch = () => prisma.sendBatch.findUniqueOrThrow({ where: { id: batchId } })
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(twilio.messages.map((m) => m.to)).toEqual(Array.from({ length: attempt }, () => to))
      const sid = twilio.messages.at(-1)!.sid
      expect(await recordMessageStatus({ carrierSid: sid, status: 'undelivered', errorCode: 30003 })).toMatchObject({ outcome: 'applied', status: 'undelivered' })
      expect(await recordMessageStatus({ carrierSid: sid, status: 'undelivered', errorCode: 30003 })).toEqual({ outcome: 'duplicate' })
      const [row] = await queueRows(org.id)
      if (attempt < 3) {
        expect(row).toMatchObject({ status: 'pending', errorCode: 30003, carrierSid: null, attempts: attempt })
        expect(row!.notBefore.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000)
        expect(await batch()).toMatchObject({ sent: 0, failed: 0 })
        const runs = await prisma.jobRun.findMany({ where: { eventName: 'messages/dispatch.requested' } })
        expect(runs.filter((r) => (r.events as { data: { cause: string } }[])[0]?.data.cause === `retry-${row!.id}-${attempt}`)).toHaveLength(1)
        // Not before its time; then through the gate again: an opt-out in the meantime would stop it.
        expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ sent: 0 })
        await pool.query(`UPDATE send_queue SET not_before = now() WHERE id = $1`, [row!.id])
        expect(await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })).toMatchObject({ sent: 1 })
        expect(await batch()).toMatchObject({ sent: 1, failed: 0 })
      } else {
        expect(row).toMatchObject({ status: 'failed', errorCode: 30003, attempts: 3 })
        expect(await batch()).toMatchObject({ sent: 1, failed: 1 })
      }
    }
    const messages = await prisma.message.findMany({ where: { organizationId: org.id, toE164: to } })
    expect(messages.map((m) => m.status)).toEqual(['undelivered', 'undelivered', 'undelivered'])
    expect(new Set(messages.map((m) => m.carrierSid)).size).toBe(3)

    // A retry that would now go to a number that opted out is stopped at the gate, never sent.
    const other = freshNumber('512')
    const second = await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Are you there?', to: [other] })
    await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })
    await recordMessageStatus({ carrierSid: twilio.messages.at(-1)!.sid, status: 'undelivered', errorCode: 30003 })
    const requeued = await prisma.sendQueueItem.findFirstOrThrow({ where: { organizationId: org.id, toE164: other } })
    expect(requeued.status).toBe('pending')
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: other, source: 'test', evidence: {} })
    await pool.query(`UPDATE send_queue SET not_before = now() WHERE id = $1`, [requeued.id])
    const sentBefore = twilio.messages.length
    await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })
    expect(twilio.messages).toHaveLength(sentBefore)
    expect(await prisma.sendQueueItem.findUniqueOrThrow({ where: { id: requeued.id } })).toMatchObject({ status: 'blocked', blockReason: 'opted_out' })
    expect(await prisma.sendBatch.findUniqueOrThrow({ where: { id: second.batchId } })).toMatchObject({ sent: 0, blocked: 1 })

    // Once the person has written to us since the message, it is not tried again: the conversation took over.
    const answered = freshNumber('512')
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Are you there?', to: [answered] })
    await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })
    const sid = twilio.messages.at(-1)!.sid
    await receiveInboundMessage({ carrierSid: `SMreply${Date.now()}`, from: answered, to: numbers[0]!.e164, body: 'Who is this?' })
    await recordMessageStatus({ carrierSid: sid, status: 'undelivered', errorCode: 30003 })
    expect(await prisma.sendQueueItem.findFirstOrThrow({ where: { organizationId: org.id, toE164: answered } })).toMatchObject({ status: 'failed', errorCode: 30003 })
  })

  it('acts on Twilio’s error codes: 21610 opts out, 30006 suppresses, 30003 and 20429 wait and retry, a reset connection is unknown', async () => {
    const { org, actor, numbers } = await twilioOrganization(1)
    const [stopped, landline, unreachable, limited, dropped] = Array.from({ length: 5 }, () => freshNumber('512'))
    twilio.failNextFor(stopped!, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' })
    twilio.failNextFor(landline!, { status: 400, code: 30006, message: 'Landline or unreachable carrier' })
    twilio.failNextFor(unreachable!, { status: 400, code: 30003, message: 'Unreachable destination handset' })
    twilio.failNextFor(limited!, { status: 429, code: 20429, message: 'Too Many Requests' })
    twilio.failNextFor(dropped!, { network: 'reset' })
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Errors', to: [stopped!, landline!, unreachable!, limited!, dropped!] })

    const outcome = await dispatchSenderQueue({ senderNumberId: numbers[0]!.id })
    expect(outcome).toMatchObject({ sent: 0, failed: 2, retried: 2, unknown: 1 })
    const rows = Object.fromEntries((await queueRows(org.id)).map((r) => [r.toE164, r]))
    expect(rows[stopped!]).toMatchObject({ status: 'failed', errorCode: 21610 })
    expect(rows[landline!]).toMatchObject({ status: 'failed', errorCode: 30006 })
    expect(rows[unreachable!]).toMatchObject({ status: 'pending', errorCode: 30003 })
    expect(rows[unreachable!]!.notBefore.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000)
    expect(rows[limited!]).toMatchObject({ status: 'pending', errorCode: 20429 })
    expect(rows[dropped!]).toMatchObject({ status: 'unknown' })
    const events = await prisma.consentEvent.findMany({ where: { organizationId: org.id }, orderBy: { id: 'asc' } })
    expect(events.map((e) => [e.e164, e.kind, e.source])).toEqual(
      expect.arrayContaining([
        [stopped, 'opt_out', 'carrier'],
        [landline, 'wrong_number', 'carrier'],
      ]),
    )
    expect(events).toHaveLength(2)
    expect(twilio.messages).toHaveLength(0)
  })
})
