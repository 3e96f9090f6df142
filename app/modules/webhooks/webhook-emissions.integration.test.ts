import { InngestTestEngine } from '@inngest/test'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { dispatchSenderQueue } from '~/modules/messaging/dispatch-sender-queue.server'
import { queueSends } from '~/modules/messaging/queue-sends.server'
import { receiveInboundMessage } from '~/modules/messaging/receive-inbound-message.server'
import { simulateCarrierOutcome } from '~/modules/messaging/simulate-carrier-outcome.server'
import { simulatedOutcome } from '~/modules/messaging/simulated-outcome'
import { encryptCarrierToken } from '~/modules/messaging/carrier-token-crypto.server'
import { recordMessageStatus } from '~/modules/messaging/record-message-status.server'
import { startFakeTwilio, type FakeTwilio } from '../../../tests/fakes/fake-twilio'
import { advanceCampaigns } from '~/modules/campaigns/advance-campaigns.server'
import { campaignInput } from '~/modules/campaigns/campaign-input'
import { launchCampaign } from '~/modules/campaigns/launch-campaign.server'
import { queueCampaignChunk } from '~/modules/campaigns/queue-campaign-chunk.server'
import { createCampaign } from '~/modules/campaigns/save-campaign.server'
import { leadFilter } from '~/modules/leads/lead-filter'
import { saveLeadFilter } from '~/modules/leads/saved-lead-filters.server'
import { createTemplate } from '~/modules/templates/save-template.server'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { importCompleted } from '../../../inngest/events'
import { announceImportCompleted } from '../../../inngest/functions/webhooks/announce-import-completed'
import { startFakeHttpServer, type FakeHttpServer } from '../../../tests/fakes/fake-http-server'
import { createOrganization } from '../../../tests/support/factories'
import { createLeads, freshNumber, sendClockAt } from '../../../tests/support/leads'
import { attemptWebhookDelivery } from './attempt-webhook-delivery.server'
import { announceLeadWritten } from './announce-lead-webhook.server'
import { createWebhookEndpoint } from './save-webhook-endpoint.server'
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types'

/**
 * The places that change what endpoints hear of announce it: a send through
 * the (simulated) carrier, its delivery report, a STOP reply with its
 * opt-out, a consent recorded one at a time, a completed import. Each event
 * is stored once per subscribed endpoint, and a receiver verifies it.
 */

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

let receiver: FakeHttpServer
beforeEach(async () => {
  receiver = await startFakeHttpServer()
  receiver.route('POST', '/hooks', () => ({ status: 200 }))
})
afterEach(() => receiver.close())

function numberThat(kind: 'stop' | 'delivered') {
  for (;;) {
    const n = freshNumber('512')
    const outcome = simulatedOutcome(n)
    if (kind === 'stop' && outcome.kind === 'delivered_then_reply' && outcome.reply === 'STOP') return n
    if (kind === 'delivered' && outcome.kind === 'delivered') return n
  }
}

async function subscribedOrganization() {
  const org = await createOrganization({ environment: 'sandbox' })
  const actor = systemActor('test', { organizationId: org.id })
  const { endpoint, secret } = await createWebhookEndpoint({ organizationId: org.id, actor, input: { url: `${receiver.url}/hooks`, description: '', eventTypes: [...WEBHOOK_EVENT_TYPES] } })
  return { org, actor, endpoint, secret }
}

type Body = { type: string; timestamp: string; data: Record<string, any> }
async function eventsOf(organizationId: string): Promise<Body[]> {
  const rows = await prisma.webhookEvent.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' } })
  return rows.map((row) => JSON.parse(row.body) as Body)
}

/** A `test` organization sending through Twilio (the fake, through the real SDK) from one number, with an endpoint for every event type. */
async function twilioOrganization() {
  const subscribed = await subscribedOrganization()
  await prisma.organization.update({ where: { id: subscribed.org.id }, data: { environment: 'test' } })
  const token = encryptCarrierToken(twilio.defaultAccount.authToken)
  const account = await prisma.carrierAccount.create({
    data: { organizationId: subscribed.org.id, kind: 'twilio', name: 'Twilio', accountSid: twilio.defaultAccount.sid, authTokenCiphertext: token.ciphertext, authTokenKeyId: token.keyId, mps: 100 },
  })
  const number = await prisma.senderNumber.create({
    data: { organizationId: subscribed.org.id, carrierAccountId: account.id, e164: freshNumber('512'), areaCode: '512', state: 'TX', mps: 20 },
  })
  return { ...subscribed, number }
}

describe('webhook emissions', () => {
  it('announces a send the carrier refused for good and a final undelivered report as message.failed, not one that will be retried', async () => {
    const { org, actor, number } = await twilioOrganization()
    const [refused, retried, undelivered] = Array.from({ length: 3 }, () => freshNumber('512'))
    twilio.failNextFor(refused!, { status: 400, code: 30006, message: 'Landline or unreachable carrier' })
    twilio.failNextFor(retried!, { status: 400, code: 30003, message: 'Unreachable destination handset' })
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Errors', to: [refused!, retried!, undelivered!] })
    await dispatchSenderQueue({ senderNumberId: number.id })
    const sent = await prisma.message.findFirstOrThrow({ where: { organizationId: org.id, toE164: undelivered! } })
    await recordMessageStatus({ carrierSid: sent.carrierSid!, status: 'undelivered', errorCode: 30007 })

    const events = await eventsOf(org.id)
    const failed = events.filter((e) => e.type === 'message.failed').map((e) => e.data.message)
    expect(failed.map((m) => [m.to, m.errorCode, m.messageId === null]).sort()).toEqual(
      [
        [refused, 30006, true],
        [undelivered, 30007, false],
      ].sort(),
    )
    expect(failed.every((m) => typeof m.sendQueueId === 'string')).toBe(true)
    expect(events.filter((e) => e.type === 'message.sent').map((e) => e.data.message.to)).toEqual([undelivered])
    expect(events.some((e) => JSON.stringify(e).includes(retried!))).toBe(false)
  })

  it('announces sends, deliveries, a STOP reply, its opt-out and the conversation it updated; the receiver verifies message.delivered', async () => {
    const { org, actor, secret } = await subscribedOrganization()
    const happy = numberThat('delivered')
    const stopper = numberThat('stop')
    const { leads } = await createLeads(org.id, [{ phone: happy }, { phone: stopper }])
    await queueSends({ organizationId: org.id, actor, purpose: 'marketing', body: 'Hi, still thinking of selling?', leadIds: leads.map((l) => l.id) })
    const senders = await prisma.senderNumber.findMany({ where: { organizationId: org.id } })
    for (const sender of senders) {
      const slice = await dispatchSenderQueue({ senderNumberId: sender.id })
      for (const message of slice.simulated) await simulateCarrierOutcome(message)
    }

    const events = await eventsOf(org.id)
    const of = (type: string) => events.filter((e) => e.type === type)
    // The two marketing messages, and the opt-out's confirmation to the number that sent STOP.
    expect(of('message.sent').map((e) => e.data.message.to).sort()).toEqual([happy, stopper, stopper].sort())
    expect(of('message.sent').filter((e) => e.data.message.body.includes('unsubscribed')).map((e) => e.data.message.to)).toEqual([stopper])
    expect(of('message.delivered').map((e) => e.data.message.to).sort()).toEqual([happy, stopper].sort())
    expect(of('message.received')).toEqual([
      expect.objectContaining({ data: { message: expect.objectContaining({ from: stopper, body: 'STOP', direction: 'inbound', status: 'received' }) } }),
    ])
    expect(of('consent.opted_out')).toEqual([
      expect.objectContaining({
        data: { consent: expect.objectContaining({ phone: stopper, kind: 'opt_out', source: 'inbound_sms' }), standing: { marketingAllowed: false, blockedBy: 'opted_out' } },
      }),
    ])
    // The conversation heard the opt-out's confirmation (an outbound reply) and the STOP itself.
    expect(of('conversation.updated').map((e) => [e.data.reason, e.data.conversation.to, e.data.conversation.leadId, e.data.conversation.lastMessageDirection]).sort()).toEqual([
      ['message_received', stopper, leads[1]!.id, 'inbound'],
      ['reply_sent', stopper, leads[1]!.id, 'outbound'],
    ])
    // The same STOP delivered again by the carrier is not news.
    const inbound = await prisma.message.findFirstOrThrow({ where: { organizationId: org.id, direction: 'inbound' } })
    await receiveInboundMessage({ carrierSid: inbound.carrierSid!, from: stopper, to: inbound.toE164, body: 'STOP' })
    expect((await eventsOf(org.id)).length).toBe(events.length)

    const delivered = await prisma.webhookEvent.findFirstOrThrow({ where: { organizationId: org.id, type: 'message.delivered' }, include: { deliveries: true } })
    expect(await attemptWebhookDelivery({ deliveryId: delivered.deliveries[0]!.id })).toMatchObject({ status: 'succeeded' })
    const request = receiver.requests.at(-1)!
    const payload = new Webhook(secret).verify(request.rawBody, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    })
    expect(payload).toMatchObject({ type: 'message.delivered', data: { message: { direction: 'outbound', status: 'delivered', from: expect.stringMatching(/^\+1/) } } })
  })

  it('announces consent recorded one at a time once (opted out, opted in), and not another organization’s', async () => {
    const { org, actor } = await subscribedOrganization()
    const other = await subscribedOrganization()
    const phone = freshNumber('512')
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone, source: 'api', evidence: {}, evidenceKey: `k-${phone}` })
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone, source: 'api', evidence: {}, evidenceKey: `k-${phone}` })
    // A consent grant (a form, say) does not lift the STOP: it is not announced as an opt-in while the STOP holds.
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'consent_granted', phone, source: 'api', evidence: { note: 'Web form on 30 Nov' } })
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_in', phone, source: 'api', evidence: { note: 'Texted START on 30 Nov' } })
    const events = await eventsOf(org.id)
    expect(events.map((e) => [e.type, e.data.consent.phone, e.data.consent.kind])).toEqual([
      ['consent.opted_out', phone, 'opt_out'],
      ['consent.opted_in', phone, 'opt_in'],
    ])
    expect(events[1]!.data.standing).toEqual({ marketingAllowed: true, blockedBy: null })
    expect(await eventsOf(other.org.id)).toEqual([])
  })

  it('announces a completed import once, with its counts, from the import/completed event', async () => {
    const { org } = await subscribedOrganization()
    const data = { importFileId: crypto.randomUUID(), organizationId: org.id, extractionId: crypto.randomUUID(), extractionNumber: 1, counts: { rows: 3, merged: 3 } }
    const engine = new InngestTestEngine({ function: announceImportCompleted, events: [{ name: importCompleted.name, data }] })
    const { result } = await engine.execute()
    expect(result).toMatchObject({ deliveries: 1 })
    expect(await eventsOf(org.id)).toEqual([
      expect.objectContaining({ type: 'import.completed', data: { import: { id: data.importFileId, extractionId: data.extractionId, extractionNumber: 1, counts: data.counts } } }),
    ])
  })

  it('announces a campaign that completed, once', async () => {
    const { org, actor } = await subscribedOrganization()
    const { leads } = await createLeads(org.id, [{ phone: null }])
    await prisma.lead.updateMany({ where: { id: { in: leads.map((l) => l.id) } }, data: { tags: ['hooked'] } })
    const filter = await saveLeadFilter({ organizationId: org.id, actor, name: 'Hooked', filter: leadFilter.parse({ tag: 'hooked' }) })
    const template = await createTemplate({ organizationId: org.id, actor, input: { name: 'Intro', body: 'Hi {first_name|there}, Sam with {company_name}. Reply STOP to opt out.', firstContact: true } })
    const campaign = await createCampaign({
      organizationId: org.id,
      actor,
      input: campaignInput.parse({ name: 'Hooked intro', savedFilterId: filter.id, templateIds: [template.id], senderName: 'Sam', throttlePerMinute: 60, days: [0, 1, 2, 3, 4, 5, 6], windowStart: '00:00', windowEnd: '23:59', timeZone: 'UTC' }),
    })
    await launchCampaign({ organizationId: org.id, actor, campaignId: campaign.id })
    await queueCampaignChunk({ campaignId: campaign.id })
    await advanceCampaigns({ organizationId: org.id })
    await advanceCampaigns({ organizationId: org.id })
    expect((await eventsOf(org.id)).filter((e) => e.type === 'campaign.completed')).toEqual([
      expect.objectContaining({ data: { campaign: { id: campaign.id, name: 'Hooked intro', completedAt: expect.any(String), why: 'all_sent' } } }),
    ])
  })

  it('announces a lead written one at a time as created or updated', async () => {
    const { org } = await subscribedOrganization()
    await announceLeadWritten({ organizationId: org.id, leadId: crypto.randomUUID(), identityId: crypto.randomUUID(), created: true, source: 'api', externalRef: { system: 'crm', externalId: '42' } })
    await announceLeadWritten({ organizationId: org.id, leadId: crypto.randomUUID(), identityId: crypto.randomUUID(), created: false, source: 'api' })
    expect((await eventsOf(org.id)).map((e) => [e.type, e.data.source, e.data.externalRef])).toEqual([
      ['lead.created', 'api', { system: 'crm', externalId: '42' }],
      ['lead.updated', 'api', null],
    ])
  })
})
