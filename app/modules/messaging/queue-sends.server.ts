import { randomUUID } from 'node:crypto'
import type { Actor } from '~/modules/audit/actor'
import { actorId } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { areaCodeGeography } from '~/modules/compliance/area-code-geography.server'
import { validE164 } from '~/modules/compliance/consent-number'
import { GATE_BLOCK_REASONS, type GateBlockReason } from '~/modules/compliance/gate-block-reasons'
import { usStateCode } from '~/modules/compliance/us-state-zones'
import { AppError } from '~/utils/app-error'
import { pool, Prisma, prisma } from '~/utils/db.server'
import { inngest } from '../../../inngest/client'
import { dispatchRequestedEvent } from '../../../inngest/events'
import { chooseSenders, type SenderCandidate } from './choose-senders'
import { decideRecipients, type Recipient } from './decide-recipients.server'
import { leadSendPhoneSql } from './lead-send-phone-sql'
import { ensureSandboxSenders } from './ensure-sandbox-senders.server'
import { senderDailyCap } from './sender-daily-cap'
import { sendStopMessage } from './send-stop-reasons'
import { sendClockNow } from './send-clock.server'

const E164 = /^\+[1-9]\d{1,14}$/

export const MAX_SEND_RECIPIENTS = 10_000
export const MAX_BODY_LENGTH = 1_600

export type QueuedRecipient = { id: string; leadId: string | null; to: string; from: string }
export type BlockedRecipient = { id: string | null; leadId: string | null; to: string | null; reason: GateBlockReason; message: string; detail?: string }
export type QueuedSends = {
  batchId: string
  /** True when the idempotency key named an earlier request: nothing new was queued. */
  replayed: boolean
  requested: number
  queued: QueuedRecipient[]
  blocked: BlockedRecipient[]
}


/**
 * Queues one body to many recipients (leads, or numbers) through the send
 * gate, in one request: every recipient becomes a `send_queue` row with its
 * idempotency key and the gate's decision — pending with a sender number, or
 * blocked with the reason — and the batch is audited. The rows are reserved
 * before any carrier call; sending is the dispatch job's (one per sender
 * number, paced at its MPS). Asking again with the same idempotency key
 * answers with the first batch and queues nothing.
 */
export async function queueSends(options: {
  organizationId: string
  actor: Actor
  purpose: 'marketing' | 'reply'
  body: string
  leadIds?: readonly string[]
  to?: readonly string[]
  /** The caller's key for the whole request; one is made when absent. */
  idempotencyKey?: string
  /** Send from this number of the organization (a reply in its conversation's thread); none with capacity blocks. */
  fromE164?: string
  now?: Date
}): Promise<QueuedSends> {
  const body = options.body.trim()
  if (!body) throw new AppError('invalid_body', 'The message is empty.', 422, { field: 'body' })
  if (body.length > MAX_BODY_LENGTH) {
    throw new AppError('invalid_body', `The message is ${body.length} characters; at most ${MAX_BODY_LENGTH}.`, 422, { field: 'body' })
  }
  const leadIds = [...new Set(options.leadIds ?? [])]
  const numbers = options.to ?? []
  const requested = leadIds.length + numbers.length
  if (requested === 0) throw new AppError('no_recipients', 'Choose at least one lead or number to send to.', 422, { field: 'recipients' })
  if (requested > MAX_SEND_RECIPIENTS) {
    throw new AppError('too_many_recipients', `At most ${MAX_SEND_RECIPIENTS} recipients per request; this one has ${requested}.`, 422, { field: 'recipients' })
  }
  const idempotencyKey = options.idempotencyKey ?? randomUUID()
  const earlier = await findBatch(options.organizationId, idempotencyKey)
  if (earlier) return earlier

  const now = options.now ?? sendClockNow()
  const recipients = [...(await leadRecipients(options.organizationId, leadIds)), ...numbers.map((n) => ({ leadId: null, to: validE164(n) ?? n, state: null, verticalId: null }))]
  await ensureSandboxSenders({ organizationId: options.organizationId })

  const decisions = await decideRecipients({ organizationId: options.organizationId, purpose: options.purpose, recipients, now })

  const allowedIndexes = decisions.flatMap((d, i) => (d?.allowed ? [i] : []))
  const available = await senderCandidates(options.organizationId, now)
  const candidates = options.fromE164 ? available.candidates.filter((c) => c.e164 === options.fromE164) : available.candidates
  const { accountRemaining } = available
  const sticky = await stickySenders(options.organizationId, allowedIndexes.map((i) => decisions[i]!.to))
  const choices = chooseSenders(
    allowedIndexes.map((i) => {
      const to = decisions[i]!.to
      const geography = areaCodeGeography(to)
      return { to, areaCode: to.startsWith('+1') ? to.slice(2, 5) : null, state: recipients[i]!.state, zone: geography?.zones[0] ?? null, stickyFrom: sticky.get(to) ?? null }
    }),
    candidates,
    accountRemaining,
  )
  const senderOf = new Map(allowedIndexes.map((i, k) => [i, choices[k]!]))

  const checkedAt = now.toISOString()
  const rows = recipients.map((recipient, index) => {
    const decision = decisions[index]
    const choice = senderOf.get(index) ?? null
    const reason: GateBlockReason | null = !decision ? 'no_phone' : !decision.allowed ? decision.reason : !choice ? 'no_sender' : null
    return {
      id: randomUUID(),
      organizationId: options.organizationId,
      // A lead once per batch; a number by its place in the request (the same number twice is a blocked duplicate, not a clash).
      idempotencyKey: `${idempotencyKey}:${recipient.leadId ?? `${index}:${recipient.to}`}`,
      purpose: options.purpose,
      leadId: recipient.leadId,
      verticalId: recipient.verticalId,
      toE164: decision?.to ?? recipient.to ?? '',
      recipientState: recipient.state,
      fromE164: reason ? null : choice!.from,
      senderNumberId: reason ? null : choice!.senderId,
      body,
      status: reason ? ('blocked' as const) : ('pending' as const),
      blockReason: reason,
      decision: {
        allowed: !reason,
        ...(reason ? { reason, message: GATE_BLOCK_REASONS[reason] } : {}),
        ...(decision && !decision.allowed && decision.detail ? { detail: decision.detail } : {}),
        ...(choice ? { sender: choice.match } : {}),
        checkedAt,
      },
    }
  })

  const batchId = randomUUID()
  const queuedCount = rows.filter((r) => r.status === 'pending').length
  try {
  await prisma.$transaction(async (tx) => {
    await tx.sendBatch.create({
      data: {
        id: batchId,
        organizationId: options.organizationId,
        purpose: options.purpose,
        body,
        idempotencyKey,
        verticalId: recipients.find((r) => r.verticalId)?.verticalId ?? null,
        actorType: options.actor.type,
        actorId: actorId(options.actor),
        actorLabel: options.actor.label,
        requested,
        queued: queuedCount,
        blocked: rows.length - queuedCount,
      },
    })
    // Rows with no number to text (a lead without a phone, text that is no number) are reported, not queued.
    await tx.sendQueueItem.createMany({ data: rows.filter((r) => E164.test(r.toE164)).map((r) => ({ ...r, batchId })) })
    await recordAudit(tx, {
      actor: options.actor,
      organizationId: options.organizationId,
      action: 'messages.queued',
      target: { type: 'send_batch', id: batchId },
      summary: { after: { purpose: options.purpose, requested, queued: queuedCount, blocked: rows.length - queuedCount } },
    })
  }, { timeout: 60_000 })
  } catch (error) {
    // The same key from a request running at the same moment: answer with its batch.
    const concurrent = isUniqueViolation(error) ? await findBatch(options.organizationId, idempotencyKey) : null
    if (concurrent) return concurrent
    throw error
  }

  const senders = [...new Set(rows.flatMap((r) => (r.senderNumberId ? [r.senderNumberId] : [])))]
  if (senders.length) await inngest.send(senders.map((senderNumberId) => dispatchRequestedEvent(options.organizationId, senderNumberId, batchId)))

  return {
    batchId,
    replayed: false,
    requested,
    queued: rows.flatMap((r) => (r.status === 'pending' ? [{ id: r.id, leadId: r.leadId, to: r.toE164, from: r.fromE164! }] : [])),
    blocked: rows.flatMap((r) =>
      r.blockReason
        ? [{ id: E164.test(r.toE164) ? r.id : null, leadId: r.leadId, to: r.toE164 || null, reason: r.blockReason, message: GATE_BLOCK_REASONS[r.blockReason], ...('detail' in r.decision ? { detail: r.decision.detail as string } : {}) }]
        : [],
    ),
  }
}

/** Each lead's number to text (its first listed phone that is not known to be a landline) and its property's state. */
async function leadRecipients(organizationId: string, leadIds: readonly string[]): Promise<Recipient[]> {
  if (!leadIds.length) return []
  const found = await pool.query<{ lead_id: string; vertical_id: string; state: string | null; e164: string | null }>(
    `SELECT l.id AS lead_id, l.vertical_id, p.state, ${leadSendPhoneSql('l.identity_id')} AS e164
       FROM leads l JOIN properties p ON p.id = l.property_id
      WHERE l.organization_id = $1 AND l.id = ANY($2::uuid[])`,
    [organizationId, leadIds],
  )
  const byId = new Map(found.rows.map((r) => [r.lead_id, r]))
  const missing = leadIds.filter((id) => !byId.has(id))
  if (missing.length) {
    throw new AppError('lead_not_found', `${missing.length} of the leads do not exist in this organization (first: ${missing[0]}).`, 422, { field: 'leadIds' })
  }
  return leadIds.map((id) => {
    const row = byId.get(id)!
    return { leadId: id, to: row.e164, state: row.state ? usStateCode(row.state) : null, verticalId: row.vertical_id }
  })
}

/** Numbers that texted each recipient before (the latest conversation), so a person keeps seeing one number. */
export async function stickySenders(organizationId: string, numbers: string[]) {
  if (!numbers.length) return new Map<string, string>()
  const { rows } = await pool.query<{ to_e164: string; from_e164: string }>(
    `SELECT DISTINCT ON (to_e164) to_e164, from_e164 FROM conversations
      WHERE organization_id = $1 AND to_e164 = ANY($2::text[])
      ORDER BY to_e164, last_message_at DESC`,
    [organizationId, numbers],
  )
  return new Map(rows.map((r) => [r.to_e164, r.from_e164]))
}

/**
 * The organization's active numbers on active accounts of the carrier its
 * environment uses (sandbox: the simulated one; prod: Twilio; test: either),
 * with what each, and each account, may still send today.
 */
export async function senderCandidates(organizationId: string, now: Date) {
  const { rows } = await pool.query<{
    id: string; e164: string; area_code: string; state: string | null; daily_cap: number; warmup_started_on: Date | null
    account_id: string; account_cap: number; used: number; account_used: number
  }>(
    `WITH numbers AS (
       SELECT sn.*, ca.daily_cap AS account_cap FROM sender_numbers sn
         JOIN carrier_accounts ca ON ca.id = sn.carrier_account_id
         JOIN organizations o ON o.id = sn.organization_id
        WHERE sn.organization_id = $1 AND sn.status = 'active' AND ca.status = 'active'
          AND (o.environment = 'test' OR ca.kind = CASE o.environment WHEN 'sandbox' THEN 'simulated'::"CarrierKind" ELSE 'twilio'::"CarrierKind" END)
     ), used AS (
       -- Today's use: what is waiting to go (held by a paused campaign too: it goes when it resumes) and what went out since 00:00 UTC,
       -- for every number of the accounts, paused ones included (their sends today count against the account).
       SELECT q.sender_number_id, count(*)::int AS used FROM send_queue q
        WHERE q.sender_number_id IN (SELECT o.id FROM sender_numbers o WHERE o.carrier_account_id IN (SELECT carrier_account_id FROM numbers))
          AND (q.status IN ('pending', 'held', 'sending')
               OR (q.status IN ('sent', 'unknown', 'failed')
                   AND coalesce(q.sent_at, q.updated_at) >= date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'))
        GROUP BY 1
     ), account_used AS (
       SELECT o.carrier_account_id, sum(u.used)::int AS used FROM used u JOIN sender_numbers o ON o.id = u.sender_number_id GROUP BY 1
     )
     SELECT n.id, n.e164, n.area_code, n.state, n.daily_cap, n.warmup_started_on, n.carrier_account_id AS account_id, n.account_cap,
            coalesce(u.used, 0) AS used, coalesce(a.used, 0) AS account_used
       FROM numbers n LEFT JOIN used u ON u.sender_number_id = n.id LEFT JOIN account_used a ON a.carrier_account_id = n.carrier_account_id`,
    [organizationId, now],
  )
  const candidates: SenderCandidate[] = rows.map((r) => ({
    id: r.id,
    e164: r.e164,
    areaCode: r.area_code,
    state: r.state,
    zone: areaCodeGeography(r.e164)?.zones[0] ?? null,
    accountId: r.account_id,
    remaining: Math.max(0, senderDailyCap({ dailyCap: r.daily_cap, warmupStartedOn: r.warmup_started_on }, now) - r.used),
  }))
  const accountRemaining = new Map(rows.map((r) => [r.account_id, Math.max(0, r.account_cap - r.account_used)]))
  return { candidates, accountRemaining }
}

async function findBatch(organizationId: string, idempotencyKey: string): Promise<QueuedSends | null> {
  const batch = await prisma.sendBatch.findUnique({
    where: { organizationId_idempotencyKey: { organizationId, idempotencyKey } },
    include: {
      items: { select: { id: true, leadId: true, toE164: true, fromE164: true, status: true, blockReason: true, decision: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    },
  })
  if (!batch) return null
  return {
    batchId: batch.id,
    replayed: true,
    requested: batch.requested,
    queued: batch.items.flatMap((i) => (i.blockReason ? [] : [{ id: i.id, leadId: i.leadId, to: i.toE164, from: i.fromE164 ?? '' }])),
    blocked: batch.items.flatMap((i) =>
      i.blockReason
        ? [{
            id: i.id,
            leadId: i.leadId,
            to: i.toE164,
            reason: i.blockReason as GateBlockReason,
            message: sendStopMessage(i.blockReason),
            ...(typeof (i.decision as { detail?: unknown })?.detail === 'string' ? { detail: (i.decision as { detail: string }).detail } : {}),
          }]
        : [],
    ),
  }
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
