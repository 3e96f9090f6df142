import { decideSends, type GateDecision } from '~/modules/compliance/decide-sends.server'
import type { DncProvider } from '~/modules/compliance/dnc-provider.server'
import { frequencyRule } from '~/modules/compliance/frequency-rule'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { pool } from '~/utils/db.server'

/** Whom to send to: the lead (when one), its number (null without one), its address state and vertical. */
export type Recipient = { leadId: string | null; to: string | null; state: string | null; verticalId: string | null }

/**
 * Everything that decides whether each recipient may be sent to now, before
 * a sender is chosen: the send gate per vertical (consent, the national DNC
 * registry, the cooldown, quiet hours), duplicates across verticals, the
 * frequency cap (3 in 24 hours across the organization's numbers) and what
 * the conversation with the number allows. Reads only, but for the
 * registry's new answers, kept unless `storeDncAnswers` is false: queueSends
 * acts on it, a dry run counts it. A recipient without a number gets null.
 */
export async function decideRecipients(options: {
  organizationId: string
  purpose: 'marketing' | 'reply'
  recipients: readonly Recipient[]
  now: Date
  dncProvider?: DncProvider
  /** Keep the registry's new answers (true); a dry run keeps nothing. */
  storeDncAnswers?: boolean
  /** False: quiet hours are left to the dispatcher (a campaign's messages go at slots decided later). */
  quietHours?: boolean
}): Promise<(GateDecision | null)[]> {
  const { organizationId, purpose, now } = options
  const decisions = await gateDecisions(organizationId, purpose, options.recipients, now, options)
  const sentToday = await recentSends(organizationId, decisions.flatMap((d) => (d?.allowed ? [d.to] : [])), now)
  for (const [index, decision] of decisions.entries()) {
    if (!decision?.allowed) continue
    const cap = frequencyRule({ sentInLastDay: sentToday.get(decision.to) ?? 0, alreadyInBatch: 0 })
    if (cap) decisions[index] = { to: decision.to, allowed: false, reason: cap.reason, message: GATE_BLOCK_REASONS[cap.reason] }
  }
  const held = await conversationHolds(organizationId, purpose, decisions.flatMap((d) => (d?.allowed ? [d.to] : [])))
  for (const [index, decision] of decisions.entries()) {
    const reason = decision?.allowed ? held.get(decision.to) : undefined
    if (reason) decisions[index] = { to: decision!.to, allowed: false, reason, message: GATE_BLOCK_REASONS[reason] }
  }
  return decisions
}

/** The gate per vertical (its cooldowns differ); a recipient without a number gets no decision. */
async function gateDecisions(
  organizationId: string,
  purpose: 'marketing' | 'reply',
  recipients: readonly Recipient[],
  now: Date,
  { dncProvider, storeDncAnswers, quietHours }: { dncProvider?: DncProvider; storeDncAnswers?: boolean; quietHours?: boolean },
): Promise<(GateDecision | null)[]> {
  const decisions: (GateDecision | null)[] = recipients.map(() => null)
  const groups = new Map<string, number[]>()
  for (const [index, r] of recipients.entries()) {
    if (!r.to) continue
    const key = r.verticalId ?? ''
    const group = groups.get(key)
    if (group) group.push(index)
    else groups.set(key, [index])
  }
  for (const [verticalId, indexes] of groups) {
    const decided = await decideSends({
      organizationId,
      purpose,
      now,
      ...(verticalId ? { verticalId } : {}),
      ...(dncProvider ? { dncProvider } : {}),
      ...(storeDncAnswers === false ? { storeDncAnswers } : {}),
      ...(quietHours === false ? { quietHours } : {}),
      recipients: indexes.map((i) => ({ to: recipients[i]!.to!, state: recipients[i]!.state })),
    })
    indexes.forEach((i, k) => (decisions[i] = decided[k]!))
  }
  // The gate sees each vertical's group alone: a number twice across groups is a duplicate too.
  const seen = new Set<string>()
  for (const [index, d] of decisions.entries()) {
    if (!d?.allowed) continue
    if (seen.has(d.to)) decisions[index] = { to: d.to, allowed: false, reason: 'duplicate_in_batch', message: GATE_BLOCK_REASONS.duplicate_in_batch }
    seen.add(d.to)
  }
  return decisions
}

/** Messages to each number in the 24 hours before `now`, queued ones included, across all the organization's numbers. */
async function recentSends(organizationId: string, numbers: string[], now: Date) {
  if (!numbers.length) return new Map<string, number>()
  const { rows } = await pool.query<{ to_e164: string; n: number }>(
    `SELECT to_e164, count(*)::int AS n FROM send_queue
      WHERE organization_id = $1 AND to_e164 = ANY($2::text[])
        AND status IN ('pending', 'held', 'sending', 'sent', 'unknown')
        AND coalesce(sent_at, created_at) > $3::timestamptz - interval '24 hours'
      GROUP BY 1`,
    [organizationId, numbers, now],
  )
  return new Map(rows.map((r) => [r.to_e164, r.n]))
}

/**
 * What the organization's conversation with each number allows, in one
 * query for the batch: a reply only to a number that has texted us; after an
 * unclear reply ("not interested", "who is this?"), which may be a
 * revocation, no marketing and one clarifying reply until the person's next
 * message; and no second marketing message while one is still waiting to go
 * (the cooldown's history is written only once it is sent).
 */
async function conversationHolds(organizationId: string, purpose: 'marketing' | 'reply', numbers: string[]) {
  const holds = new Map<string, 'ambiguous_reply' | 'awaiting_clarification' | 'not_a_reply' | 'already_queued'>()
  if (!numbers.length) return holds
  // Each purpose reads only what its rules use: marketing (a campaign's 20k numbers a chunk) the last reply's
  // class and a marketing message waiting; a reply whether the number texted us and the replies since.
  const { rows } = await pool.query<{ e164: string; has_inbound: boolean; last_class: string | null; replies_since: number; marketing_waiting: boolean }>(
    `SELECT n.e164, last.reply_class AS last_class,
            ${purpose === 'marketing'
              ? `EXISTS (SELECT 1 FROM send_queue q
                  WHERE q.organization_id = $1 AND q.to_e164 = n.e164 AND q.purpose = 'marketing' AND q.status IN ('pending', 'held', 'sending')) AS marketing_waiting`
              : `EXISTS (SELECT 1 FROM conversations c WHERE c.organization_id = $1 AND c.to_e164 = n.e164 AND c.last_inbound_at IS NOT NULL) AS has_inbound,
                 (SELECT count(*)::int FROM send_queue q
                   WHERE q.organization_id = $1 AND q.to_e164 = n.e164 AND q.purpose = 'reply'
                     AND q.created_at > last.created_at AND q.status IN ('pending', 'sending', 'sent', 'unknown')) AS replies_since`}
       FROM unnest($2::text[]) AS n(e164)
       LEFT JOIN LATERAL (
         SELECT reply_class, created_at FROM messages
          WHERE organization_id = $1 AND direction = 'inbound' AND from_e164 = n.e164
          ORDER BY created_at DESC LIMIT 1) last ON true`,
    [organizationId, numbers],
  )
  for (const row of rows) {
    if (purpose === 'marketing') {
      if (row.last_class === 'ambiguous') holds.set(row.e164, 'ambiguous_reply')
      else if (row.marketing_waiting) holds.set(row.e164, 'already_queued')
    } else if (!row.has_inbound) holds.set(row.e164, 'not_a_reply')
    else if (row.last_class === 'ambiguous' && row.replies_since > 0) holds.set(row.e164, 'awaiting_clarification')
  }
  return holds
}
