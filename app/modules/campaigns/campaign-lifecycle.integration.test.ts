import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { dispatchSenderQueue } from '~/modules/messaging/dispatch-sender-queue.server'
import { recordMessageStatus } from '~/modules/messaging/record-message-status.server'
import { saveLeadFilter } from '~/modules/leads/saved-lead-filters.server'
import { leadFilter } from '~/modules/leads/lead-filter'
import { createTemplate, updateTemplate } from '~/modules/templates/save-template.server'
import { pool, prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { createOrganization } from '../../../tests/support/factories'
import { createLeads, freshNumber, sendClockAt } from '../../../tests/support/leads'
import { advanceCampaigns } from './advance-campaigns.server'
import { cancelCampaign } from './cancel-campaign.server'
import { campaignInput } from './campaign-input'
import { getCampaign } from './campaign-view.server'
import { createCrusade, getCrusade } from './crusades.server'
import { dryRunCampaign } from './dry-run-campaign.server'
import { ensureSandboxSenders } from '~/modules/messaging/ensure-sandbox-senders.server'
import { launchCampaign } from './launch-campaign.server'
import { pauseCampaign } from './pause-campaign.server'
import { queueCampaignChunk } from './queue-campaign-chunk.server'
import { resumeCampaign } from './resume-campaign.server'
import { createCampaign, deleteCampaign, updateCampaign } from './save-campaign.server'
import { sendClockNow } from '~/modules/messaging/send-clock.server'
import type { Carrier, CarrierMessage } from '~/modules/messaging/carrier.server'
import { simulatedCarrier } from '~/modules/messaging/simulated-carrier.server'
import { storeMedia } from '~/modules/media/store-media.server'
import { PNG } from '../../../tests/support/images'
import { useLocalUploadStore } from '../../../tests/support/upload-env'

let restoreClock: () => void
beforeAll(() => {
  restoreClock = sendClockAt(19, resetEnv)
})
afterAll(() => restoreClock())

const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], windowStart: '00:00', windowEnd: '23:59', timeZone: 'UTC' }
const BODY = '{Hi|Hello} {first_name|there}, {sender_name} with {company_name} here. Selling {property_address}? Reply STOP to opt out.'

/** A sandbox organization with `people` leads tagged for the campaign, a saved filter of them and a two-variant template. */
async function setUp(people: { phone: string | null }[], tag = 'spring') {
  const org = await createOrganization({ environment: 'sandbox' })
  const actor = systemActor('test', { organizationId: org.id })
  const { leads, vertical } = await createLeads(org.id, people)
  await prisma.lead.updateMany({ where: { id: { in: leads.map((l) => l.id) } }, data: { tags: [tag] } })
  const filter = await saveLeadFilter({ organizationId: org.id, actor, name: `${tag} leads`, filter: leadFilter.parse({ tag }) })
  const template = await createTemplate({ organizationId: org.id, actor, input: { name: 'Intro', body: BODY, firstContact: true } })
  const campaign = (overrides: Record<string, unknown> = {}) =>
    createCampaign({
      organizationId: org.id,
      actor,
      input: campaignInput.parse({ name: `Campaign ${Math.random()}`, savedFilterId: filter.id, templateIds: [template.id], senderName: 'Sam', throttlePerMinute: 6000, ...ALWAYS, ...overrides }),
    })
  return { org, actor, leads, vertical, filter, template, campaign }
}

/** Sends what is due. Slots at 6,000 a minute are 10 ms apart: the last of a few is due a moment after queueing. */
async function dispatchAll(organizationId: string) {
  await new Promise((resolve) => setTimeout(resolve, 250))
  const senders = await prisma.senderNumber.findMany({ where: { organizationId } })
  let sent = 0
  for (const s of senders) sent += (await dispatchSenderQueue({ senderNumberId: s.id })).sent
  return sent
}

const rowsOf = (batchId: string) => prisma.sendQueueItem.findMany({ where: { batchId }, orderBy: { createdAt: 'asc' } })

describe('campaign lifecycle', () => {
  it('launches a snapshot: leads that match after launch are not texted; each lead is decided once, rendered, sent once, and the campaign completes', async () => {
    const optedOut = freshNumber('512')
    const { org, actor, campaign, leads } = await setUp([{ phone: freshNumber('512') }, { phone: freshNumber('512') }, { phone: optedOut }, { phone: null }])
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: optedOut, source: 'test', evidence: {} })
    const draft = await campaign()
    expect(draft).toMatchObject({ status: 'draft', batchId: null, counts: { audience: 0 } })

    const launched = await launchCampaign({ organizationId: org.id, actor, campaignId: draft.id })
    expect(launched).toMatchObject({ status: 'running', counts: { audience: 4 } })
    await expect(launchCampaign({ organizationId: org.id, actor, campaignId: draft.id })).rejects.toMatchObject({ code: 'campaign_not_draft', status: 409 })
    await expect(updateCampaign({ organizationId: org.id, actor, campaignId: draft.id, input: campaignInput.parse({ name: 'x', savedFilterId: draft.savedFilter!.id, templateIds: [draft.templates[0]!.id], throttlePerMinute: 1, ...ALWAYS }) })).rejects.toMatchObject({ status: 409 })

    // A lead that matches the filter after launch.
    const { leads: [late] } = await createLeads(org.id, [{ phone: freshNumber('512') }])
    await prisma.lead.update({ where: { id: late!.id }, data: { tags: ['spring'] } })

    // Newest first, as the grid shows them: the lead without a phone, the opted-out one, then the two others.
    expect(await queueCampaignChunk({ campaignId: draft.id, size: 3 })).toEqual({ queued: 1, blocked: 2, done: false })
    expect(await queueCampaignChunk({ campaignId: draft.id, size: 3 })).toEqual({ queued: 1, blocked: 0, done: true })
    expect(await queueCampaignChunk({ campaignId: draft.id })).toEqual({ queued: 0, blocked: 0, done: true })

    const rows = await rowsOf(launched.batchId!)
    // One row per lead with a number; the lead without one is counted (below), and the late lead is in neither.
    expect(rows.map((r) => r.leadId).sort()).toEqual(leads.slice(0, 3).map((l) => l.id).sort())
    expect(rows.filter((r) => r.status === 'blocked').map((r) => [r.blockReason, r.leadId])).toEqual([['opted_out', leads[2]!.id]])
    const pending = rows.filter((r) => r.status === 'pending')
    // The two variants in turn, merge fields filled (no first name: the fallback), the sender and company named.
    expect(pending.map((r) => r.body.split(' ')[0]).sort()).toEqual(['Hello', 'Hi'])
    for (const r of pending) expect(r.body).toMatch(new RegExp(`^(Hi|Hello) there, Sam with ${org.name} here\\. Selling \\d+ Main St\\? Reply STOP to opt out\\.$`))

    // What it was launched with is what it sends: its template cannot change until it ends.
    await expect(updateTemplate({ organizationId: org.id, actor, templateId: draft.templates[0]!.id, input: { name: 'Intro', body: 'Hi there', firstContact: true } })).rejects.toMatchObject({ code: 'template_in_use', status: 409 })

    expect(await dispatchAll(org.id)).toBe(2)
    expect(await dispatchAll(org.id)).toBe(0)
    const view = await getCampaign({ organizationId: org.id, campaignId: draft.id })
    expect(view.counts).toMatchObject({ audience: 4, queued: 0, blocked: 2, sent: 2 })
    expect(view.counts.blockedByReason.map((b) => b.reason).sort()).toEqual(['no_phone', 'opted_out'])

    await advanceCampaigns({ organizationId: org.id })
    expect(await getCampaign({ organizationId: org.id, campaignId: draft.id })).toMatchObject({ status: 'completed' })
    const audit = await prisma.auditLog.findMany({ where: { organizationId: org.id, targetId: draft.id }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['campaign.created', 'campaign.launched', 'campaign.completed'])
  })

  it('dry runs a campaign: who its sender pool has no capacity for today is counted no_sender, and nothing is written', async () => {
    const { org, actor, campaign } = await setUp(Array.from({ length: 3 }, () => ({ phone: freshNumber('512') })))
    await ensureSandboxSenders({ organizationId: org.id })
    const [only] = await prisma.senderNumber.findMany({ where: { organizationId: org.id }, orderBy: { e164: 'asc' } })
    await prisma.senderNumber.update({ where: { id: only!.id }, data: { dailyCap: 1 } })
    const c = await campaign({ senderNumberIds: [only!.id] })
    const run = await dryRunCampaign({ organizationId: org.id, campaignId: c.id })
    expect(run.audience).toBe(3)
    expect(run.blocked.find((b) => b.reason === 'no_sender')?.count).toBe(2)
    expect(run.allowed + run.registryCheckAtLaunch).toBe(1)
    expect(await prisma.sendQueueItem.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('pauses within a dispatch step, resumes without duplicates, and a paused campaign queues what remains as held', async () => {
    const { org, actor, campaign } = await setUp(Array.from({ length: 6 }, () => ({ phone: freshNumber('512') })))
    const c = await campaign()
    await launchCampaign({ organizationId: org.id, actor, campaignId: c.id })
    await queueCampaignChunk({ campaignId: c.id, size: 4 })

    const paused = await pauseCampaign({ organizationId: org.id, actor, campaignId: c.id, reason: 'Checking the replies' })
    expect(paused).toMatchObject({ status: 'paused', pausedReason: 'Checking the replies' })
    expect((await rowsOf(c.batchId ?? paused.batchId!)).map((r) => r.status)).toEqual(['held', 'held', 'held', 'held'])
    // The rest of the snapshot is queued held while it is paused.
    await queueCampaignChunk({ campaignId: c.id })
    expect((await rowsOf(paused.batchId!)).filter((r) => r.status === 'held')).toHaveLength(6)
    expect(await dispatchAll(org.id)).toBe(0)
    await expect(pauseCampaign({ organizationId: org.id, actor, campaignId: c.id })).rejects.toMatchObject({ code: 'campaign_wrong_state', status: 409 })

    const resumed = await resumeCampaign({ organizationId: org.id, actor, campaignId: c.id })
    expect(resumed).toMatchObject({ status: 'running', pausedReason: null })
    // A pause that lands after a dispatcher claimed its messages: the dispatcher holds them before the call.
    await pool.query(`UPDATE campaigns SET status = 'paused' WHERE id = $1`, [c.id])
    expect(await dispatchAll(org.id)).toBe(0)
    expect((await rowsOf(paused.batchId!)).map((r) => r.status)).toEqual(Array(6).fill('held'))
    await pool.query(`UPDATE campaigns SET status = 'running' WHERE id = $1`, [c.id])
    await pool.query(`UPDATE send_queue SET status = 'pending' WHERE batch_id = $1`, [paused.batchId])

    expect(await dispatchAll(org.id)).toBe(6)
    expect(await dispatchAll(org.id)).toBe(0)
    const messages = await prisma.message.groupBy({ by: ['leadId'], where: { organizationId: org.id, direction: 'outbound' }, _count: true })
    expect(messages).toHaveLength(6)
    for (const m of messages) expect(m._count).toBe(1)
    const actions = (await prisma.auditLog.findMany({ where: { organizationId: org.id, targetId: c.id }, orderBy: { createdAt: 'asc' } })).map((a) => a.action)
    expect(actions).toEqual(['campaign.created', 'campaign.launched', 'campaign.paused', 'campaign.resumed'])
  })

  it('cancels what is queued and keeps the campaign with its counts; a draft is deleted instead', async () => {
    const { org, actor, campaign } = await setUp(Array.from({ length: 3 }, () => ({ phone: freshNumber('512') })))
    const c = await campaign({ throttlePerMinute: 1 })
    const launched = await launchCampaign({ organizationId: org.id, actor, campaignId: c.id })
    await queueCampaignChunk({ campaignId: c.id })
    const cancelled = await cancelCampaign({ organizationId: org.id, actor, campaignId: c.id })
    expect(cancelled).toMatchObject({ status: 'cancelled', counts: { audience: 3, queued: 0, canceled: 3 } })
    expect(new Set((await rowsOf(launched.batchId!)).map((r) => `${r.status}:${r.blockReason}`))).toEqual(new Set(['canceled:campaign_cancelled']))
    expect(await dispatchAll(org.id)).toBe(0)
    await expect(cancelCampaign({ organizationId: org.id, actor, campaignId: c.id })).rejects.toMatchObject({ status: 409 })
    await expect(resumeCampaign({ organizationId: org.id, actor, campaignId: c.id })).rejects.toMatchObject({ status: 409 })

    const draft = await campaign()
    await expect(cancelCampaign({ organizationId: org.id, actor, campaignId: draft.id })).rejects.toMatchObject({ status: 409 })
    await deleteCampaign({ organizationId: org.id, actor, campaignId: draft.id })
    await expect(getCampaign({ organizationId: org.id, campaignId: draft.id })).rejects.toMatchObject({ status: 404 })
    await expect(deleteCampaign({ organizationId: org.id, actor, campaignId: c.id })).rejects.toMatchObject({ status: 409 })
  })

  it('schedules a later start: its messages wait for their slots at the throttle, and it runs when the start comes', async () => {
    const { org, actor, campaign } = await setUp(Array.from({ length: 3 }, () => ({ phone: freshNumber('512') })))
    const startsAt = new Date(sendClockNow().getTime() + 3_600_000)
    const c = await campaign({ startsAt: startsAt.toISOString(), throttlePerMinute: 2 })
    expect(await launchCampaign({ organizationId: org.id, actor, campaignId: c.id })).toMatchObject({ status: 'scheduled' })
    await queueCampaignChunk({ campaignId: c.id })
    const offset = sendClockNow().getTime() - Date.now()
    const slots = (await rowsOf((await getCampaign({ organizationId: org.id, campaignId: c.id })).batchId!)).map((r) => r.notBefore.getTime() + offset).sort()
    expect(slots.map((s) => Math.round((s - startsAt.getTime()) / 1000))).toEqual([0, 30, 60])
    expect(await dispatchAll(org.id)).toBe(0)
    await advanceCampaigns({ organizationId: org.id })
    expect((await getCampaign({ organizationId: org.id, campaignId: c.id })).status).toBe('scheduled')
    await advanceCampaigns({ organizationId: org.id, now: new Date(startsAt.getTime() + 1000) })
    expect((await getCampaign({ organizationId: org.id, campaignId: c.id })).status).toBe('running')
  })

  it('pauses itself when carriers filter more of its messages than its limit, and says why', async () => {
    const { org, actor, campaign } = await setUp(Array.from({ length: 20 }, () => ({ phone: freshNumber('512') })))
    const c = await campaign({ pauseFilteredPercent: 6 })
    await launchCampaign({ organizationId: org.id, actor, campaignId: c.id })
    await queueCampaignChunk({ campaignId: c.id })
    expect(await dispatchAll(org.id)).toBe(20)
    const sent = await prisma.message.findMany({ where: { organizationId: org.id, direction: 'outbound' }, orderBy: { createdAt: 'asc' } })
    await recordMessageStatus({ carrierSid: sent[0]!.carrierSid!, status: 'undelivered', errorCode: 30007 })
    expect((await getCampaign({ organizationId: org.id, campaignId: c.id })).status).toBe('running')
    await recordMessageStatus({ carrierSid: sent[1]!.carrierSid!, status: 'undelivered', errorCode: 30007 })
    const paused = await getCampaign({ organizationId: org.id, campaignId: c.id })
    expect(paused.status).toBe('paused')
    expect(paused.pausedReason).toMatch(/Carriers filtered 2 of 20 sent messages \(10\.0%\).*30007.*6% limit/)

    // Resumed, its shares count again from the resume: the failures that paused it do not pause it again.
    await resumeCampaign({ organizationId: org.id, actor, campaignId: c.id })
    await recordMessageStatus({ carrierSid: sent[2]!.carrierSid!, status: 'undelivered', errorCode: 30007 })
    expect((await getCampaign({ organizationId: org.id, campaignId: c.id })).status).toBe('running')
  })

  it('pauses itself when the carrier stops its messages (30034), and cancels what waits', async () => {
    const { org, actor, campaign } = await setUp(Array.from({ length: 3 }, () => ({ phone: freshNumber('512') })))
    const c = await campaign({ throttlePerMinute: 1 })
    const launched = await launchCampaign({ organizationId: org.id, actor, campaignId: c.id })
    await queueCampaignChunk({ campaignId: c.id })
    expect(await dispatchAll(org.id)).toBe(1)
    const [first] = await prisma.message.findMany({ where: { organizationId: org.id, direction: 'outbound' } })
    await recordMessageStatus({ carrierSid: first!.carrierSid!, status: 'undelivered', errorCode: 30034 })
    const stopped = await getCampaign({ organizationId: org.id, campaignId: c.id })
    expect(stopped.status).toBe('paused')
    expect(stopped.pausedReason).toMatch(/carrier stopped.*30034/)
    expect((await rowsOf(launched.batchId!)).filter((r) => r.status === 'canceled').map((r) => r.blockReason)).toEqual(['campaign_stopped_by_carrier', 'campaign_stopped_by_carrier'])
  })

  it('moves a campaign message to the recipient’s next window at dispatch rather than blocking it', async () => {
    const { org, actor, campaign } = await setUp([{ phone: freshNumber('512') }])
    const c = await campaign()
    const launched = await launchCampaign({ organizationId: org.id, actor, campaignId: c.id })
    await queueCampaignChunk({ campaignId: c.id })
    const restore = sendClockAt(9, resetEnv) // 03:00 in Texas
    try {
      expect(await dispatchAll(org.id)).toBe(0)
    } finally {
      restore()
      restoreClock = sendClockAt(19, resetEnv)
    }
    const [row] = await rowsOf(launched.batchId!)
    expect(row).toMatchObject({ status: 'pending', blockReason: null })
    expect(row!.notBefore.getTime()).toBeGreaterThan(Date.now())
  })

  it('rolls a crusade’s campaigns up, and they share its throttle: the second’s slots follow the first’s', async () => {
    const { org, actor, campaign } = await setUp(Array.from({ length: 3 }, () => ({ phone: freshNumber('512') })))
    const crusade = await createCrusade({ organizationId: org.id, actor, input: { name: 'Q1 sellers', ...ALWAYS, days: [0, 1, 2, 3, 4, 5, 6], throttlePerMinute: 60 } })
    const first = await campaign({ crusadeId: crusade.id })
    const second = await campaign({ crusadeId: crusade.id })
    for (const c of [first, second]) {
      await launchCampaign({ organizationId: org.id, actor, campaignId: c.id })
      await queueCampaignChunk({ campaignId: c.id })
    }
    const rollup = await getCrusade({ organizationId: org.id, crusadeId: crusade.id })
    expect(rollup.campaigns.map((c) => c.id)).toEqual([first.id, second.id])
    // The same three leads twice: the second campaign finds the first's messages waiting.
    expect(rollup.rollup).toMatchObject({ audience: 6, queued: 3, blocked: 3 })
    expect(rollup.rollup.blockedByReason).toEqual([{ reason: 'already_queued', count: 3, message: expect.any(String) }])
    for (const key of ['audience', 'queued', 'blocked', 'sent'] as const) {
      expect(rollup.rollup[key]).toBe(rollup.campaigns.reduce((n, c) => n + c.counts[key], 0))
    }
    const slots = (await prisma.sendQueueItem.findMany({ where: { batchId: (await getCampaign({ organizationId: org.id, campaignId: first.id })).batchId!, status: 'pending' }, orderBy: { notBefore: 'asc' } })).map((r) => r.notBefore.getTime())
    expect(slots[1]! - slots[0]!).toBe(1000)
    const { slotsUntil } = await prisma.crusade.findUniqueOrThrow({ where: { id: crusade.id } })
    expect(slotsUntil!.getTime()).toBeGreaterThan(slots[2]! + (sendClockNow().getTime() - Date.now()))
  })

  it('queues an MMS template’s image with each of its messages, and dispatch hands the carrier its public URL', async () => {
    const store = await useLocalUploadStore()
    try {
      const { org, actor, campaign, template } = await setUp([{ phone: freshNumber('512') }, { phone: freshNumber('512') }], 'open-house')
      const { media } = await storeMedia({ organizationId: org.id, actor, bytes: PNG, filename: 'house.png' })
      const mms = await createTemplate({ organizationId: org.id, actor, input: { name: 'Open house', body: 'Open house Saturday, {first_name|neighbor}! {sender_name} with {company_name}. Reply STOP to opt out.', firstContact: true, mediaId: media.id } })
      expect(mms).toMatchObject({ kind: 'mms', media: { id: media.id } })
      // Two templates in turn: one lead gets the SMS, the other the MMS.
      const c = await campaign({ templateIds: [template.id, mms.id] })
      const launched = await launchCampaign({ organizationId: org.id, actor, campaignId: c.id })
      expect(await queueCampaignChunk({ campaignId: c.id })).toMatchObject({ queued: 2, done: true })
      const rows = await rowsOf(launched.batchId!)
      expect(rows.map((r) => [r.body.startsWith('Open house'), r.mediaId]).sort()).toEqual([[false, null], [true, media.id]])

      const sent: CarrierMessage[] = []
      const recording: Carrier = { ...simulatedCarrier, send: (message) => (sent.push(message), simulatedCarrier.send(message)) }
      await new Promise((resolve) => setTimeout(resolve, 250))
      for (const s of await prisma.senderNumber.findMany({ where: { organizationId: org.id } })) await dispatchSenderQueue({ senderNumberId: s.id, carrier: recording })
      expect(sent).toHaveLength(2)
      expect(sent.find((m) => m.body.startsWith('Open house'))!.mediaUrls).toEqual([media.url])
      expect(sent.find((m) => !m.body.startsWith('Open house'))!.mediaUrls).toBeUndefined()
      // An MMS is one message.
      const messages = await prisma.message.findMany({ where: { organizationId: org.id } })
      expect(messages.find((m) => m.body.startsWith('Open house'))).toMatchObject({ numSegments: 1 })
    } finally {
      await store.restore()
    }
  })
})

