import { randomUUID } from 'node:crypto'
import { areaCodeGeography } from '~/modules/compliance/area-code-geography.server'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { usStateCode } from '~/modules/compliance/us-state-zones'
import { chooseSenders } from '~/modules/messaging/choose-senders'
import { decideRecipients, type Recipient } from '~/modules/messaging/decide-recipients.server'
import { ensureSandboxSenders } from '~/modules/messaging/ensure-sandbox-senders.server'
import { leadSendPhoneSql } from '~/modules/messaging/lead-send-phone-sql'
import { senderCandidates, stickySenders } from '~/modules/messaging/queue-sends.server'
import { sendClockNow, sendClockToDb } from '~/modules/messaging/send-clock.server'
import { sendStopMessage } from '~/modules/messaging/send-stop-reasons'
import { pool, prisma } from '~/utils/db.server'
import { inngest } from '../../../inngest/client'
import { dispatchRequestedEvent } from '../../../inngest/events'
import { assignSlots } from './campaign-schedule'
import { campaignMergeValues, LEAD_MERGE_COLUMNS, type LeadMergeRow } from './campaign-merge-values'
import { campaignMessage } from './campaign-message'
import { campaignSenderPool } from './campaign-sender-pool'
import { effectiveSchedule } from './effective-schedule.server'

/** Leads decided and queued per step: one gate batch, one insert. */
export const CAMPAIGN_CHUNK = 50_000

export type ChunkOutcome = { queued: number; blocked: number; done: boolean }

type AudienceRow = LeadMergeRow & { position: number; lead_id: string; vertical_id: string; e164: string | null }

/**
 * Decides and queues the next chunk of a launched campaign's snapshot: the
 * whole gate (consent, registry, cooldown, duplicates, the frequency cap,
 * conversation holds; quiet hours are checked when each message goes), a
 * sender from its pool by area code, the rendered template variant, and a
 * slot on its schedule at its throttle (its crusade's, in one). Each lead
 * becomes one send_queue row — pending (held, while paused) or blocked with
 * its reason; a lead without a number is counted blocked in the batch (its
 * `no_phone` count) — in one transaction with the batch's counts and the
 * campaign's cursor, so a step repeated after a crash queues nothing twice.
 */
export async function queueCampaignChunk(options: { campaignId: string; size?: number; now?: Date }): Promise<ChunkOutcome> {
  const size = options.size ?? CAMPAIGN_CHUNK
  const campaign = await prisma.campaign.findUnique({ where: { id: options.campaignId }, include: { crusade: true, organization: { select: { name: true } } } })
  if (!campaign || !campaign.batchId || !['scheduled', 'running', 'paused'].includes(campaign.status)) return { queued: 0, blocked: 0, done: true }
  if (campaign.queuedThrough >= campaign.audienceCount) return { queued: 0, blocked: 0, done: true }
  const organizationId = campaign.organizationId
  const now = options.now ?? sendClockNow()
  const from = campaign.queuedThrough

  const { rows: audience } = await pool.query<AudienceRow>(
    `SELECT a.position, l.id AS lead_id, l.vertical_id, ${LEAD_MERGE_COLUMNS}, ${leadSendPhoneSql('l.identity_id')} AS e164
       FROM campaign_audience a
       JOIN leads l ON l.id = a.lead_id
       JOIN identities i ON i.id = l.identity_id
       JOIN properties pr ON pr.id = l.property_id
      WHERE a.campaign_id = $1 AND a.position > $2 AND a.position <= $3
      ORDER BY a.position`,
    [campaign.id, from, from + size],
  )
  const through = Math.min(from + size, campaign.audienceCount)
  const templates = await prisma.messageTemplate.findMany({ where: { id: { in: campaign.templateIds } }, select: { id: true, body: true, mediaId: true } })
  const ordered = campaign.templateIds.flatMap((id) => templates.filter((t) => t.id === id))
  // An MMS template's image goes with each message of it (the carrier fetches it at its public URL).
  const mediaOf = new Map(templates.map((t) => [t.id, t.mediaId]))

  const recipients: Recipient[] = audience.map((r) => ({
    leadId: r.lead_id,
    to: r.e164,
    state: r.state ? usStateCode(r.state) : null,
    verticalId: campaign.verticalId ?? r.vertical_id,
  }))
  await ensureSandboxSenders({ organizationId })
  // The gate's queries and the sender pool's capacity (two connections) run while this process renders the messages.
  // Quiet hours are the dispatcher's: a message's slot may be hours away.
  const reading = Promise.all([decideRecipients({ organizationId, purpose: 'marketing', recipients, now, quietHours: false }), senderCandidates(organizationId, now)])
  reading.catch(() => {}) // awaited below; this keeps a rejection from going unhandled if rendering throws first
  const messages = audience.map((r) => campaignMessage(ordered, r.position, campaignMergeValues(r, { senderName: campaign.senderName, organizationName: campaign.organization.name })))
  const [decisions, available] = await reading

  const allowed = decisions.flatMap((d, i) => (d?.allowed && messages[i]!.missing.length === 0 ? [i] : []))
  const candidates = campaignSenderPool(campaign, available.candidates)
  const sticky = await stickySenders(organizationId, allowed.map((i) => decisions[i]!.to))
  const choices = chooseSenders(
    allowed.map((i) => {
      const to = decisions[i]!.to
      return { to, areaCode: to.startsWith('+1') ? to.slice(2, 5) : null, state: recipients[i]!.state, zone: areaCodeGeography(to)?.zones[0] ?? null, stickyFrom: sticky.get(to) ?? null }
    }),
    candidates,
    available.accountRemaining,
  )
  const senderOf = new Map(allowed.map((i, k) => [i, choices[k]!]))
  const going = allowed.filter((i) => senderOf.get(i))

  const schedule = effectiveSchedule(campaign)
  const cursor = campaign.crusade ? campaign.crusade.slotsUntil : campaign.slotsUntil
  const start = new Date(Math.max(now.getTime(), cursor?.getTime() ?? 0))
  const { slots, next } = assignSlots({ count: going.length, from: start, schedule, perMinute: schedule.throttlePerMinute, jitterSeconds: campaign.jitterSeconds })
  const slotOf = new Map(going.map((i, k) => [i, slots[k]]))

  let held = campaign.status === 'paused'
  const checkedAt = now.toISOString()
  const columns = { id: [] as string[], lead: [] as string[], vertical: [] as string[], to: [] as string[], state: [] as (string | null)[], from: [] as (string | null)[], sender: [] as (string | null)[], body: [] as string[], media: [] as (string | null)[], status: [] as string[], reason: [] as (string | null)[], decision: [] as number[], notBefore: [] as string[] }
  // A chunk's decisions are a few distinct ones (a reason, a sender match, a template variant): each is sent once and
  // rows point at it, rather than tens of thousands of copies of the same JSON for Postgres to parse.
  const decisionTexts: string[] = []
  const decisionIndex = new Map<string, number>()
  let queued = 0
  let noPhone = 0
  for (const [i, row] of audience.entries()) {
    const decision = decisions[i]
    const message = messages[i]!
    const choice = senderOf.get(i) ?? null
    const slot = slotOf.get(i) ?? null
    const reason: string | null = !decision
      ? 'no_phone'
      : !decision.allowed
        ? decision.reason
        : message.missing.length
          ? 'missing_merge_field'
          : !choice
            ? 'no_sender'
            : !slot
              ? 'schedule_ended'
              : null
    if (!reason) queued++
    // A lead without a number has no row to record (send_queue holds numbers); its batch counts it blocked.
    if (!decision) {
      noPhone++
      continue
    }
    const detail = !decision.allowed ? decision.detail : reason === 'missing_merge_field' ? `No ${message.missing.join(', ')}` : undefined
    columns.id.push(randomUUID())
    columns.lead.push(row.lead_id)
    columns.vertical.push(recipients[i]!.verticalId!)
    columns.to.push(decision.to)
    columns.state.push(recipients[i]!.state)
    columns.from.push(reason ? null : choice!.from)
    columns.sender.push(reason ? null : choice!.senderId)
    columns.body.push(message.text)
    columns.media.push(mediaOf.get(message.templateId) ?? null)
    columns.status.push(reason ? 'blocked' : 'pending')
    columns.reason.push(reason)
    const key = `${reason ?? ''}\u0000${detail ?? ''}\u0000${choice?.match ?? ''}\u0000${message.templateId}\u0000${message.variant}`
    let decisionAt = decisionIndex.get(key)
    if (decisionAt === undefined) {
      decisionAt = decisionTexts.push(
        JSON.stringify({
          allowed: !reason,
          ...(reason ? { reason, message: GATE_BLOCK_REASONS[reason as keyof typeof GATE_BLOCK_REASONS] ?? sendStopMessage(reason) } : {}),
          ...(detail ? { detail } : {}),
          ...(choice ? { sender: choice.match } : {}),
          template: { id: message.templateId, variant: message.variant },
          checkedAt,
        }),
      )
      decisionIndex.set(key, decisionAt)
    }
    columns.decision.push(decisionAt)
    columns.notBefore.push(sendClockToDb(slot ?? now).toISOString())
  }

  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // The cursor moves only from where this step read it: a repeated or concurrent step changes nothing.
    // Its row lock orders this step after a pause or cancel that committed meanwhile: their state decides the rows'.
    const moved = await client.query<{ status: string }>(
      `UPDATE campaigns SET queued_through = $2, slots_until = CASE WHEN crusade_id IS NULL THEN $4::timestamptz ELSE slots_until END, updated_at = now()
        WHERE id = $1 AND queued_through = $3 AND status IN ('scheduled', 'running', 'paused')
          AND (crusade_id IS NOT NULL OR slots_until IS NOT DISTINCT FROM $5::timestamptz)
        RETURNING status`,
      [campaign.id, through, from, next, campaign.slotsUntil],
    )
    if (moved.rowCount !== 1) {
      // Cancelled, ended, or moved meanwhile (another step, a resume that gave new slots): the next step reads it again.
      await client.query('ROLLBACK')
      return { queued: 0, blocked: 0, done: false }
    }
    held = moved.rows[0]!.status === 'paused'
    if (campaign.crusadeId) await client.query(`UPDATE crusades SET slots_until = greatest(coalesce(slots_until, $2::timestamptz), $2::timestamptz), updated_at = now() WHERE id = $1`, [campaign.crusadeId, next])
    // Another campaign of the organization may have queued the same number since this chunk's gate read: chunks
    // queue one at a time per organization, and each looks once more, under the lock, for a marketing message
    // already waiting for a number (two campaigns launched together must not text a person twice).
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('marketing-queue'), hashtext($1))`, [organizationId])
    const pendingNumbers = columns.to.filter((_, k) => columns.status[k] === 'pending')
    const waiting = new Set(
      pendingNumbers.length
        ? (
            await client.query<{ to_e164: string }>(
              `SELECT DISTINCT to_e164 FROM send_queue
                WHERE organization_id = $1 AND to_e164 = ANY($2::text[]) AND purpose = 'marketing' AND status IN ('pending', 'held', 'sending')`,
              [organizationId, pendingNumbers],
            )
          ).rows.map((r) => r.to_e164)
        : [],
    )
    if (waiting.size) {
      const at = decisionTexts.push(
        JSON.stringify({ allowed: false, reason: 'already_queued', message: GATE_BLOCK_REASONS.already_queued, detail: 'Queued by another send while this campaign was being queued', checkedAt }),
      )
      for (let k = 0; k < columns.to.length; k++) {
        if (columns.status[k] !== 'pending' || !waiting.has(columns.to[k]!)) continue
        columns.status[k] = 'blocked'
        columns.reason[k] = 'already_queued'
        columns.from[k] = null
        columns.sender[k] = null
        columns.decision[k] = at
      }
    }
    const inserted = await client.query<{ status: string }>(
      `INSERT INTO send_queue (id, organization_id, batch_id, idempotency_key, purpose, lead_id, vertical_id, to_e164, recipient_state, from_e164,
                               sender_number_id, body, media_id, status, block_reason, decision, not_before, updated_at)
       SELECT t.id, $1, $2, 'campaign:' || $3 || ':' || t.lead, 'marketing', t.lead, t.vertical, t.to_e164, t.state, t.from_e164,
              t.sender, t.body, t.media, (CASE WHEN t.status = 'pending' AND $16 THEN 'held' ELSE t.status END)::"SendQueueStatus", t.reason,
              ($17::jsonb[])[t.decision], t.not_before, now()
         FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::uuid[], $11::text[], $12::text[], $13::text[], $14::int[], $15::timestamptz[], $18::uuid[])
              AS t(id, lead, vertical, to_e164, state, from_e164, sender, body, status, reason, decision, not_before, media)
       RETURNING status::text AS status`,
      [organizationId, campaign.batchId, campaign.id, columns.id, columns.lead, columns.vertical, columns.to, columns.state, columns.from, columns.sender, columns.body, columns.status, columns.reason, columns.decision, columns.notBefore, held, decisionTexts, columns.media],
    )
    queued = inserted.rows.filter((r) => r.status === 'pending' || r.status === 'held').length
    await client.query(`UPDATE send_batches SET queued = queued + $2, blocked = blocked + $3 WHERE id = $1`, [campaign.batchId, queued, audience.length - queued])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }

  if (!held) {
    const senders = [...new Set(going.map((i) => senderOf.get(i)!.senderId))]
    if (senders.length) await inngest.send(senders.map((senderNumberId) => dispatchRequestedEvent(organizationId, senderNumberId, `campaign-${campaign.id}-${through}`)))
  }
  return { queued, blocked: audience.length - queued, done: through >= campaign.audienceCount }
}
