import { MAX_GATE_BATCH, quietHoursCheck } from '~/modules/compliance/decide-sends.server'
import type { DncProvider } from '~/modules/compliance/dnc-provider.server'
import { GATE_BLOCK_REASONS, type GateBlockReason } from '~/modules/compliance/gate-block-reasons'
import { usStateCode } from '~/modules/compliance/us-state-zones'
import type { GateDecision } from '~/modules/compliance/decide-sends.server'
import { areaCodeGeography } from '~/modules/compliance/area-code-geography.server'
import { chooseSenders, type SenderCandidate } from '~/modules/messaging/choose-senders'
import { decideRecipients, type Recipient } from '~/modules/messaging/decide-recipients.server'
import { leadSendPhoneSql } from '~/modules/messaging/lead-send-phone-sql'
import { senderCandidates } from '~/modules/messaging/queue-sends.server'
import { sendClockNow } from '~/modules/messaging/send-clock.server'
import { prisma, Prisma } from '~/utils/db.server'
import type { LeadFilter } from './lead-filter'
import { leadFilterSql } from './lead-filter-sql.server'

/**
 * The registry as a dry run sees it: nobody is asked. A number without an
 * answer of the last 31 days is taken as not listed so that every later rule
 * still decides it (quiet hours, the cap, the holds), and it is noted: if
 * those let it through, it is counted apart, to be cleared when messages are
 * queued. Nothing is kept (`storeDncAnswers: false`).
 */
function unaskedRegistry(pending: Set<string>): DncProvider {
  return {
    name: 'dry-run',
    batchSize: MAX_GATE_BATCH,
    lookup: async (numbers) =>
      numbers.map((e164) => {
        pending.add(e164)
        return { e164, listed: false, response: {} }
      }),
  }
}

export type DryRunReason = GateBlockReason | 'registry_check_at_launch'

export type AudienceDryRun = {
  /** The instant decided for (quiet hours hold at a time of day). */
  at: string
  audience: number
  allowed: number
  /** Blocked recipients by reason, most first, with what the reason means. */
  blocked: { reason: GateBlockReason; count: number; message: string }[]
  /** Numbers with no registry answer of the last 31 days that pass every other rule; asked at launch, and blocked if listed. */
  registryCheckAtLaunch: number
  /** Messages the organization's active numbers may still send today (their daily and warm-up caps, and their accounts'). */
  senderCapacityToday: number
  /** With `scheduledAt`: of those quiet hours do not block at `at`, how many they would block then. */
  quietHoursAtSchedule?: { at: string; count: number }
}

/**
 * The sender choice a send would make for the recipients that pass every
 * rule (or every rule but the registry's answer, still to come): those left
 * without a sender become `no_sender`, and what the chosen
 * numbers (and their accounts) may still send goes down for the next batch.
 */
function withoutSender(
  pool: { candidates: SenderCandidate[]; accountRemaining: Map<string, number> },
  decisions: readonly (GateDecision | null)[],
  reasons: (DryRunReason | null)[],
  recipients: readonly Recipient[],
) {
  // Numbers the registry has yet to clear need a sender too, if it clears them.
  const going = reasons.flatMap((reason, i) => (reason === null || reason === 'registry_check_at_launch' ? [i] : []))
  const choices = chooseSenders(
    going.map((i) => {
      const to = decisions[i]!.to
      return { to, areaCode: to.startsWith('+1') ? to.slice(2, 5) : null, state: recipients[i]!.state, zone: areaCodeGeography(to)?.zones[0] ?? null, stickyFrom: null }
    }),
    pool.candidates,
    pool.accountRemaining,
  )
  const byId = new Map(pool.candidates.map((c) => [c.id, c]))
  going.forEach((i, k) => {
    const choice = choices[k]
    if (!choice) {
      reasons[i] = 'no_sender'
      return
    }
    const candidate = byId.get(choice.senderId)!
    candidate.remaining--
    pool.accountRemaining.set(candidate.accountId, (pool.accountRemaining.get(candidate.accountId) ?? 0) - 1)
  })
}

/** What the organization's numbers may still send today, within their own caps and their accounts'. */
async function capacityToday(organizationId: string, at: Date): Promise<number> {
  const { candidates, accountRemaining } = await senderCandidates(organizationId, at)
  const byAccount = new Map<string, number>()
  for (const c of candidates) byAccount.set(c.accountId, (byAccount.get(c.accountId) ?? 0) + c.remaining)
  let total = 0
  for (const [accountId, numbers] of byAccount) total += Math.min(numbers, accountRemaining.get(accountId) ?? 0)
  return total
}

/** Leads of the audience a batch at a time, newest first, with the number and state a send would use. */
async function audienceBatch(organizationId: string, filter: LeadFilter, after: { createdAt: Date; id: string } | null, limit: number) {
  const conditions = leadFilterSql(organizationId, filter)
  const boundary = after ? Prisma.sql`AND (l.created_at, l.id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty
  return prisma.$queryRaw<{ id: string; created_at: Date; vertical_id: string; state: string | null; e164: string | null }[]>`
    WITH audience AS (
      SELECT l.id, l.created_at, l.vertical_id, l.identity_id, l.property_id
      FROM leads l ${conditions.joinProperty ? Prisma.sql`JOIN properties p ON p.id = l.property_id` : Prisma.empty}
      WHERE l.organization_id = ${organizationId}::uuid ${boundary} ${conditions.where}
      ORDER BY l.created_at DESC, l.id DESC
      LIMIT ${limit}
    )
    SELECT a.id::text AS id, a.created_at, a.vertical_id::text AS vertical_id, pr.state::text AS state,
           ${Prisma.raw(leadSendPhoneSql('a.identity_id'))} AS e164
      FROM audience a JOIN properties pr ON pr.id = a.property_id
     ORDER BY a.created_at DESC, a.id DESC`
}

/**
 * Who of the leads a filter matches would be sent a marketing message at
 * `at`, and who would be blocked and why — the same decisions queueSends
 * makes (the gate, duplicates, the frequency cap, conversation holds), read
 * only: nothing is queued, nothing recorded, the registry not asked.
 */
export async function dryRunAudience(options: {
  organizationId: string
  filter: LeadFilter
  at?: Date
  /** A later instant the send is scheduled for: quiet hours are counted then too. */
  scheduledAt?: Date | null
  batchSize?: number
  /** Each lead's outcome (null: it would be sent), for a list of one reason's leads. */
  onRecipient?: (leadId: string, reason: DryRunReason | null) => void
  /**
   * The sender numbers a send would choose from (a campaign's pool), with today's capacity: those they
   * leave without a sender are counted `no_sender`, as the sender choice of a launch would.
   */
  senders?: { candidates: SenderCandidate[]; accountRemaining: Map<string, number> }
}): Promise<AudienceDryRun> {
  const at = options.at ?? sendClockNow()
  const batchSize = Math.min(options.batchSize ?? MAX_GATE_BATCH, MAX_GATE_BATCH)
  const counts = new Map<DryRunReason, number>()
  const seen = new Set<string>()
  let audience = 0
  let allowed = 0
  let quietAtSchedule = 0
  let after: { createdAt: Date; id: string } | null = null
  // What the pool may still send, carried from batch to batch.
  const senderPool = options.senders
    ? { candidates: options.senders.candidates.map((c) => ({ ...c })), accountRemaining: new Map(options.senders.accountRemaining) }
    : null
  for (;;) {
    const rows = await audienceBatch(options.organizationId, options.filter, after, batchSize)
    if (!rows.length) break
    audience += rows.length
    const recipients: Recipient[] = rows.map((r) => ({ leadId: r.id, to: r.e164, state: r.state ? usStateCode(r.state) : null, verticalId: r.vertical_id }))
    const pending = new Set<string>()
    const decisions = await decideRecipients({
      organizationId: options.organizationId,
      purpose: 'marketing',
      recipients,
      now: at,
      dncProvider: unaskedRegistry(pending),
      storeDncAnswers: false,
    })
    const reasons = decisions.map((decision): DryRunReason | null => {
      let reason: DryRunReason | null = !decision ? 'no_phone' : decision.allowed ? null : decision.reason
      // A number two leads share is sent once across the whole audience, not once per batch.
      if (!reason && seen.has(decision!.to)) reason = 'duplicate_in_batch'
      if (!reason) seen.add(decision!.to)
      if (!reason && pending.has(decision!.to)) reason = 'registry_check_at_launch'
      return reason
    })
    if (senderPool) withoutSender(senderPool, decisions, reasons, recipients)
    for (const [index, decision] of decisions.entries()) {
      const reason = reasons[index]!
      if (reason) counts.set(reason, (counts.get(reason) ?? 0) + 1)
      else allowed++
      if (options.scheduledAt && decision?.allowed && quietHoursCheck(decision.to, recipients[index]!.state, options.scheduledAt)) quietAtSchedule++
      options.onRecipient?.(rows[index]!.id, reason)
    }
    const last = rows[rows.length - 1]!
    after = { createdAt: last.created_at, id: last.id }
    if (rows.length < batchSize) break
  }
  const registryCheckAtLaunch = counts.get('registry_check_at_launch') ?? 0
  return {
    at: at.toISOString(),
    audience,
    allowed,
    blocked: [...counts]
      .flatMap(([reason, count]) => (reason === 'registry_check_at_launch' ? [] : [{ reason, count, message: GATE_BLOCK_REASONS[reason] }]))
      .sort((a, b) => b.count - a.count),
    registryCheckAtLaunch,
    senderCapacityToday: await capacityToday(options.organizationId, at),
    ...(options.scheduledAt ? { quietHoursAtSchedule: { at: options.scheduledAt.toISOString(), count: quietAtSchedule } } : {}),
  }
}
