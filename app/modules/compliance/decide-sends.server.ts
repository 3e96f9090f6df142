import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'
import { areaCodeGeography } from './area-code-geography.server'
import { consentBlockReason, type ConsentStanding, type NumberStanding, type SendPurpose } from './consent-rules'
import { GATE_BLOCK_REASONS, type GateBlockReason } from './gate-block-reasons'
import { quietHoursRule } from './quiet-hours'
import { STATE_ZONES } from './us-state-zones'

export { GATE_BLOCK_REASONS, type GateBlockReason }

/**
 * The send gate: every outbound message passes here, whatever started it
 * (the UI, the API, a job). Set-based: one query for the organization's
 * policy and one for the whole batch's consent standing, whatever its size,
 * then every rule on every recipient in memory. A decision is returned per
 * recipient, in the order given; the caller stores it with the queue row.
 *
 * Rules so far: consent (consent-rules.ts, docs/decisions/038) and quiet
 * hours (quiet-hours.ts, docs/decisions/039); the national DNC check,
 * frequency, cooldown and duplicate rules join it as the send engine lands.
 */

export type GateDecision =
  | { to: string; allowed: true }
  /** `detail`: the specifics, where the reason has them (the zone, local time and window of quiet hours). */
  | { to: string; allowed: false; reason: GateBlockReason; message: string; detail?: string }

/** A recipient: the number, and the state of the lead's address when known (another candidate for quiet hours). */
export type GateRecipient = { to: string; state?: string | null }

/** A client the gate can query: the pool by default, a transaction's client inside one. */
export type GateDb = { query: <R extends Record<string, unknown>>(text: string, values: unknown[]) => Promise<{ rows: R[] }> }

const E164 = /^\+[1-9]\d{6,14}$/

export const MAX_GATE_BATCH = 100_000

type StandingRow = {
  i: number
  o_revoked: string | null
  o_revoked_kind: ConsentStanding['revokedKind']
  o_restored: string | null
  o_consent: string | null
  o_dnc: string | null
  o_litigator: string | null
  o_found: boolean
  p_revoked: string | null
  p_revoked_kind: ConsentStanding['revokedKind']
  p_restored: string | null
  p_consent: string | null
  p_dnc: string | null
  p_litigator: string | null
  p_found: boolean
}

/** Only the recipients something is recorded for come back (most have nothing). */
const STANDING_SQL = `
  SELECT r.i::int AS i,
         o.revoked_event_id::text AS o_revoked, o.revoked_kind::text AS o_revoked_kind, o.restored_event_id::text AS o_restored,
         o.consent_event_id::text AS o_consent, o.dnc_listed_event_id::text AS o_dnc, o.litigator_listed_event_id::text AS o_litigator,
         o.subject IS NOT NULL AS o_found,
         p.revoked_event_id::text AS p_revoked, p.revoked_kind::text AS p_revoked_kind, p.restored_event_id::text AS p_restored,
         p.consent_event_id::text AS p_consent, p.dnc_listed_event_id::text AS p_dnc, p.litigator_listed_event_id::text AS p_litigator,
         p.subject IS NOT NULL AS p_found
    FROM unnest($2::text[]) WITH ORDINALITY AS r(e164, i)
    LEFT JOIN consent_status o ON o.subject = $1 AND o.e164 = r.e164
    LEFT JOIN consent_status p ON p.subject = 'platform' AND p.e164 = r.e164
   WHERE o.subject IS NOT NULL OR p.subject IS NOT NULL`

const standingOf = (row: StandingRow, prefix: 'o' | 'p'): ConsentStanding => ({
  revokedEventId: row[`${prefix}_revoked`],
  revokedKind: row[`${prefix}_revoked_kind`],
  restoredEventId: row[`${prefix}_restored`],
  consentEventId: row[`${prefix}_consent`],
  dncListedEventId: row[`${prefix}_dnc`],
  litigatorListedEventId: row[`${prefix}_litigator`],
})

/** The gate: consent, then quiet hours at `now`, for every recipient of the batch. */
export async function decideSends(options: {
  organizationId: string
  purpose: SendPurpose
  recipients: readonly GateRecipient[]
  /** The instant the message would go out (quiet hours). */
  now?: Date
  db?: GateDb
}): Promise<GateDecision[]> {
  const now = options.now ?? new Date()
  const decisions = await decideConsent(options)
  return decisions.map((decision, index) => {
    if (!decision.allowed) return decision
    const quiet = quietHoursCheck(decision.to, options.recipients[index]!.state ?? null, now)
    return quiet ? { to: decision.to, allowed: false, reason: 'quiet_hours', message: GATE_BLOCK_REASONS.quiet_hours, detail: quiet } : decision
  })
}

/**
 * The consent half of the gate alone: where each number stands, whatever the
 * hour (what a number's consent page and GET /api/v1/consent show).
 */
export async function decideConsent({
  organizationId,
  purpose,
  recipients,
  db = pool as unknown as GateDb,
}: {
  organizationId: string
  purpose: SendPurpose
  recipients: readonly GateRecipient[]
  db?: GateDb
}): Promise<GateDecision[]> {
  if (recipients.length > MAX_GATE_BATCH) {
    throw new AppError('batch_too_large', `At most ${MAX_GATE_BATCH.toLocaleString('en-US')} recipients per decision batch.`, 422)
  }
  const policy = await db.query<{ marketing_requires_consent: boolean }>(
    `SELECT COALESCE(marketing_requires_consent, environment = 'prod') AS marketing_requires_consent FROM organizations WHERE id = $1::uuid`,
    [organizationId],
  )
  if (!policy.rows[0]) throw new AppError('organization_not_found', 'No such organization.', 404)
  const marketingRequiresConsent = policy.rows[0].marketing_requires_consent

  const numbers = recipients.map((r) => r.to)
  const standings: NumberStanding[] = numbers.map(() => ({ organization: null, platform: null }))
  if (numbers.length > 0) {
    const { rows } = await db.query<StandingRow>(STANDING_SQL, [organizationId, numbers])
    for (const row of rows) {
      const standing = standings[row.i - 1]!
      if (row.o_found) standing.organization = standingOf(row, 'o')
      if (row.p_found) standing.platform = standingOf(row, 'p')
    }
  }

  const seen = new Set<string>()
  return recipients.map(({ to }, index): GateDecision => {
    const block = (reason: GateBlockReason): GateDecision => ({ to, allowed: false, reason, message: GATE_BLOCK_REASONS[reason] })
    if (!E164.test(to)) return block('invalid_number')
    if (seen.has(to)) return block('duplicate_in_batch')
    seen.add(to)
    const reason = consentBlockReason(standings[index]!, { purpose, marketingRequiresConsent })
    return reason ? block(reason) : { to, allowed: true }
  })
}

/**
 * Quiet hours for one recipient: the zones and states of the number's area
 * code and of the lead's address, all of them. No zone known (a number
 * outside +1 with no address) blocks: quiet hours cannot be shown to hold.
 */
function quietHoursCheck(to: string, state: string | null, now: Date): string | null {
  const geography = areaCodeGeography(to)
  const address = state ? state.toUpperCase() : null
  const zones = new Set(geography?.zones ?? [])
  for (const zone of (address && STATE_ZONES[address]) || []) zones.add(zone)
  const states = new Set(geography?.states ?? [])
  if (address) states.add(address)
  if (zones.size === 0) return 'No time zone is known for this number or its address'
  const blocked = quietHoursRule({ at: now, zones: [...zones], states: [...states] })
  return blocked ? `${blocked.localTime} in ${blocked.zone}; the window there is ${blocked.window}` : null
}
