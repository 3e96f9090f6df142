import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'
import { areaCodeGeography } from './area-code-geography.server'
import { checkNationalDnc } from './check-national-dnc.server'
import { cooldownRule, type LastSends } from './cooldown-rule'
import { consentBlockReason, hasConsentBasis, type ConsentStanding, type NumberStanding, type SendPurpose } from './consent-rules'
import { configuredDncProvider, type DncProvider } from './dnc-provider.server'
import { GATE_BLOCK_REASONS, type GateBlockReason } from './gate-block-reasons'
import { minutesLeftInWindow, quietHoursRule } from './quiet-hours'
import { STATE_WINDOWS } from './quiet-hours-windows'
import { ALL_STATE_ZONES, STATE_ZONES, usStateCode } from './us-state-zones'

export { GATE_BLOCK_REASONS, type GateBlockReason }

/**
 * The send gate: every outbound message passes here, whatever started it
 * (the UI, the API, a job). Set-based: a fixed number of queries whatever
 * the batch's size (the organization's policy, every recipient's consent
 * standing; for marketing the send history and the registry cache), then
 * every rule on every recipient in memory. A decision is returned per
 * recipient, in the order given; the caller stores it with the queue row.
 *
 * Rules so far: consent (consent-rules.ts, docs/decisions/038), for
 * marketing the national DNC registry (check-national-dnc.server.ts,
 * docs/decisions/040) and the retext cooldown (cooldown-rule.ts,
 * docs/decisions/041), and quiet hours (quiet-hours.ts, docs/decisions/039);
 * frequency and the authoritative duplicate constraints join it with the
 * send engine.
 */

export type GateDecision =
  | { to: string; allowed: true }
  /** `detail`: the specifics, where the reason has them (the zone, local time and window of quiet hours). */
  | { to: string; allowed: false; reason: GateBlockReason; message: string; detail?: string }

/**
 * A recipient: the number, and the state of the lead's address when known
 * (another candidate for quiet hours). `ownSendAt` (epoch ms): when an earlier
 * attempt of this very message was sent (a retry the carrier could not
 * deliver); the history it left from then on is its own, not another send.
 */
export type GateRecipient = { to: string; state?: string | null; ownSendAt?: number | null }

/** A client the gate can query: the pool by default, a transaction's client inside one. */
export type GateDb = { query: <R extends Record<string, unknown>>(text: string, values: unknown[]) => Promise<{ rows: R[] }> }

/** A North American number as we store it (E.164, valid area code and exchange shape): the fast path. */
const NANP_E164 = /^\+1[2-9]\d{2}[2-9]\d{6}$/

/**
 * Only numbers in the one form consent is recorded under (libphonenumber's
 * E.164) can be checked against it: any other spelling is refused, never
 * looked up as a different string that has no opt-out on record.
 */
function isCanonicalE164(to: string): boolean {
  if (NANP_E164.test(to)) return true
  if (!/^\+[1-9]\d{6,14}$/.test(to)) return false
  const parsed = parsePhoneNumberFromString(to)
  return parsed !== undefined && parsed.isPossible() && parsed.number === to
}

export const MAX_GATE_BATCH = 100_000

type StandingRow = {
  platform: boolean
  e164: string
  revoked: string | null
  revoked_kind: ConsentStanding['revokedKind']
  restored: string | null
  consent: string | null
  dnc: string | null
  dnc_delisted: string | null
  litigator: string | null
}

/**
 * The statuses recorded for the batch's numbers, by the organization and
 * platform-wide; most numbers have none and return nothing. One scan of the
 * primary key per subject (Postgres walks the sorted array through it) or,
 * when the batch is a large share of the table, one pass over it: the
 * planner chooses, where a join per number would probe the index twice per
 * recipient.
 */
const STANDING_SQL = `
  SELECT subject = 'platform' AS platform, e164,
         revoked_event_id::text AS revoked, revoked_kind::text AS revoked_kind, restored_event_id::text AS restored,
         consent_event_id::text AS consent, dnc_listed_event_id::text AS dnc, dnc_delisted_event_id::text AS dnc_delisted,
         litigator_listed_event_id::text AS litigator
    FROM consent_status
   WHERE subject IN ($1::uuid::text, 'platform') AND e164 = ANY($2::text[])`

const standingOf = (row: StandingRow): ConsentStanding => ({
  revokedEventId: row.revoked,
  revokedKind: row.revoked_kind,
  restoredEventId: row.restored,
  consentEventId: row.consent,
  dncListedEventId: row.dnc,
  dncDelistedEventId: row.dnc_delisted,
  litigatorListedEventId: row.litigator,
})

/** Where a number with nothing recorded stands (most of a batch): shared, never changed. */
const NO_STANDING: NumberStanding = Object.freeze({ organization: null, platform: null })

/**
 * The gate: consent; for marketing, the retext cooldown and the national
 * DNC registry (cached answers at most 31 days old, the provider asked for
 * the rest; no answer blocks); then quiet hours at `now`. Every recipient
 * of the batch.
 */
export async function decideSends(options: {
  organizationId: string
  purpose: SendPurpose
  recipients: readonly GateRecipient[]
  /** The instant the message would go out (quiet hours, the age of DNC answers). */
  now?: Date
  db?: GateDb
  /** The national DNC registry; the configured one by default (dnc-provider.server.ts). */
  dncProvider?: DncProvider
  /** Keep the registry's new answers (true); a dry run keeps nothing. */
  storeDncAnswers?: boolean
  /** Marketing: the vertical the message is for (its retext cooldowns). Without one, every earlier send counts as the same vertical, with the default 90 days. */
  verticalId?: string
  /** False when the instant it goes is not known yet (a campaign's slots): quiet hours are then the dispatcher's alone. */
  quietHours?: boolean
}): Promise<GateDecision[]> {
  const now = options.now ?? new Date()
  const db = options.db ?? (pool as unknown as GateDb)
  const read = await readStandings({ ...options, db })
  const { standings } = read
  const checked = consentDecisions(options.recipients, read, options.purpose)
  if (options.purpose === 'marketing') {
    // The cooldown first: it is read from our own table, and a number it holds need not be paid for at the registry.
    const history = await readSendHistory({ db, organizationId: options.organizationId, verticalId: options.verticalId ?? null, numbers: allowedNumbers(checked) })
    const cooldownDays = { sameDays: history.sameDays, crossDays: history.crossDays }
    for (let index = 0; index < checked.length; index++) {
      const decision = checked[index]!
      const sent = decision.allowed ? history.byNumber.get(decision.to) : undefined
      const ownSendAt = options.recipients[index]!.ownSendAt
      const cooldown = sent && cooldownRule(ownSendAt ? withoutOwnSend(sent, ownSendAt) : sent, cooldownDays, now)
      if (cooldown) checked[index] = blocked(decision.to, cooldown.reason, `Until ${cooldown.until.toISOString()}`)
    }
    const dnc = await checkNationalDnc({ numbers: allowedNumbers(checked), now, provider: options.dncProvider ?? configuredDncProvider(), db, store: options.storeDncAnswers ?? true })
    for (const [index, decision] of checked.entries()) {
      if (!decision.allowed) continue
      const registry = dnc.get(decision.to)
      if (!registry || registry.kind === 'failed') checked[index] = blocked(decision.to, 'dnc_check_failed', registry?.message)
      else if (registry.listed && !hasConsentBasis(standings.get(decision.to) ?? NO_STANDING)) checked[index] = blocked(decision.to, 'national_dnc_listed')
    }
  }
  if (options.quietHours === false) return checked
  // Quiet hours depend only on the area code, the address state and the instant: once per pair in a batch.
  const quietByPlace = new Map<string, string | null>()
  return checked.map((decision, index) => {
    if (!decision.allowed) return decision
    const state = options.recipients[index]!.state ?? null
    const place = `${decision.to.startsWith('+1') ? decision.to.slice(0, 5) : decision.to}|${state ?? ''}`
    if (!quietByPlace.has(place)) quietByPlace.set(place, quietHoursCheck(decision.to, state, now))
    const quiet = quietByPlace.get(place)
    return quiet ? blocked(decision.to, 'quiet_hours', quiet) : decision
  })
}

/** The last sends with those at or after `ownSendAt` left out: they are the message's own earlier attempt. */
function withoutOwnSend(sent: LastSends, ownSendAt: number): LastSends {
  return {
    sameVerticalAt: sent.sameVerticalAt !== null && sent.sameVerticalAt >= ownSendAt ? null : sent.sameVerticalAt,
    otherVerticalAt: sent.otherVerticalAt !== null && sent.otherVerticalAt >= ownSendAt ? null : sent.otherVerticalAt,
  }
}

function allowedNumbers(decisions: readonly GateDecision[]): string[] {
  const numbers: string[] = []
  for (const d of decisions) if (d.allowed) numbers.push(d.to)
  return numbers
}

function blocked(to: string, reason: GateBlockReason, detail?: string): GateDecision {
  return { to, allowed: false, reason, message: GATE_BLOCK_REASONS[reason], ...(detail ? { detail } : {}) }
}

/**
 * The consent half of the gate alone, for every purpose from one read:
 * where each number stands, whatever the hour and the registry (what
 * GET /api/v1/consent shows), and the standing it was decided from, per
 * recipient in order.
 */
export async function decideConsentByPurpose(options: {
  organizationId: string
  recipients: readonly GateRecipient[]
  db?: GateDb
}): Promise<Record<SendPurpose, GateDecision[]> & { standings: NumberStanding[] }> {
  const read = await readStandings({ ...options, db: options.db ?? (pool as unknown as GateDb) })
  return {
    marketing: consentDecisions(options.recipients, read, 'marketing'),
    reply: consentDecisions(options.recipients, read, 'reply'),
    standings: options.recipients.map(({ to }) => read.standings.get(to) ?? NO_STANDING),
  }
}

/** Only the numbers something is recorded for are in `standings`. */
type Standings = { marketingRequiresConsent: boolean; standings: Map<string, NumberStanding> }

/** Two queries: the organization's policy, and every recipient's standing. */
async function readStandings({
  organizationId,
  recipients,
  db,
}: {
  organizationId: string
  recipients: readonly GateRecipient[]
  db: GateDb
}): Promise<Standings> {
  if (recipients.length > MAX_GATE_BATCH) {
    throw new AppError('batch_too_large', `At most ${MAX_GATE_BATCH.toLocaleString('en-US')} recipients per decision batch.`, 422)
  }
  const policy = await db.query<{ marketing_requires_consent: boolean }>(
    `SELECT COALESCE(marketing_requires_consent, environment = 'prod') AS marketing_requires_consent FROM organizations WHERE id = $1::uuid`,
    [organizationId],
  )
  if (!policy.rows[0]) throw new AppError('organization_not_found', 'No such organization.', 404)

  const standings = new Map<string, NumberStanding>()
  if (recipients.length > 0) {
    const { rows } = await db.query<StandingRow>(STANDING_SQL, [organizationId, recipients.map((r) => r.to)])
    for (const row of rows) {
      let standing = standings.get(row.e164)
      if (!standing) standings.set(row.e164, (standing = { organization: null, platform: null }))
      if (row.platform) standing.platform = standingOf(row)
      else standing.organization = standingOf(row)
    }
  }
  return { marketingRequiresConsent: policy.rows[0].marketing_requires_consent, standings }
}

/** The consent rules on every recipient, in order; invalid numbers and repeats in the batch are refused first. */
function consentDecisions(recipients: readonly GateRecipient[], { marketingRequiresConsent, standings }: Standings, purpose: SendPurpose): GateDecision[] {
  const seen = new Set<string>()
  const policy = { purpose, marketingRequiresConsent }
  return recipients.map(({ to }): GateDecision => {
    if (!isCanonicalE164(to)) return blocked(to, 'invalid_number')
    if (seen.has(to)) return blocked(to, 'duplicate_in_batch')
    seen.add(to)
    const reason = consentBlockReason(standings.get(to) ?? NO_STANDING, policy)
    return reason ? blocked(to, reason) : { to, allowed: true }
  })
}

/**
 * Quiet hours for one recipient: the zones and states of the number's area
 * code and of the lead's address, all of them. An address state we cannot
 * read adds every state's zones and windows; no zone at all (a number outside
 * +1 with no address) blocks: quiet hours cannot be shown to hold.
 */
/** Every zone and state a recipient may be in: its area code's, and its address state's. */
function recipientPlace(to: string, state: string | null) {
  const geography = areaCodeGeography(to)
  const zones = new Set(geography?.zones ?? [])
  const states = new Set(geography?.states ?? [])
  if (state?.trim()) {
    const code = usStateCode(state)
    for (const zone of code ? STATE_ZONES[code]! : ALL_STATE_ZONES) zones.add(zone)
    for (const s of code ? [code] : Object.keys(STATE_WINDOWS)) states.add(s)
  }
  return { zones: [...zones], states: [...states] }
}

/** Why the recipient may not be texted at `now` for quiet hours (their local time and window), or null when they may. */
export function quietHoursCheck(to: string, state: string | null, now: Date): string | null {
  const { zones, states } = recipientPlace(to, state)
  if (zones.length === 0) return 'No time zone is known for this number or its address'
  const blocked = quietHoursRule({ at: now, zones, states })
  return blocked ? `${blocked.localTime} in ${blocked.zone}; the window there is ${blocked.window}` : null
}

/**
 * Seconds left in the recipient's sending window at `now`: how long a
 * carrier may hold the message (its validity period). Counted from the
 * start of the current minute's end, so never more than is left.
 */
export function recipientWindowSecondsLeft(to: string, state: string | null, now: Date): number {
  const minutes = minutesLeftInWindow({ at: now, ...recipientPlace(to, state) })
  return minutes <= 0 ? 0 : Math.max(0, (minutes - 1) * 60 + (60 - now.getUTCSeconds()))
}

/** How far ahead the next sending window of a recipient is looked for, and in what steps. */
const WINDOW_SEARCH_MS = 8 * 24 * 3_600_000
const WINDOW_STEP_MS = 5 * 60_000

/**
 * The first instant after `after`, on a five-minute boundary, when the
 * recipient's window is open with at least `minMinutes` of it left; null if
 * none within eight days (no zone is known for the number).
 */
export function nextRecipientWindowAt(to: string, state: string | null, after: Date, minMinutes = 15): Date | null {
  const place = recipientPlace(to, state)
  if (place.zones.length === 0) return null
  const start = Math.ceil(after.getTime() / WINDOW_STEP_MS) * WINDOW_STEP_MS
  for (let at = start; at <= after.getTime() + WINDOW_SEARCH_MS; at += WINDOW_STEP_MS) {
    if (minutesLeftInWindow({ at: new Date(at), ...place }) >= minMinutes) return new Date(at)
  }
  return null
}

const DEFAULT_RETEXT = { sameDays: 90, crossDays: 45 }

/**
 * The last sends to each number, for the message's vertical and for any
 * other, with the vertical's cooldowns: one query for the batch.
 */
async function readSendHistory({
  db,
  organizationId,
  verticalId,
  numbers,
}: {
  db: GateDb
  organizationId: string
  verticalId: string | null
  numbers: readonly string[]
}) {
  // Times as epoch milliseconds: a float parses far faster than a timestamptz, and a batch reads tens of thousands.
  const { rows } = await db.query<{ e164: string | null; same_at: number | null; other_at: number | null; same_days: number | null; cross_days: number | null }>(
    `WITH v AS (SELECT retext_same_vertical_days AS same_days, retext_cross_vertical_days AS cross_days
                  FROM verticals WHERE id = $3::uuid AND organization_id = $1::uuid),
          h AS (SELECT h.to_e164 AS e164,
                       (extract(epoch FROM max(h.last_sent_at) FILTER (WHERE $3::uuid IS NULL OR h.vertical_id = $3::uuid)) * 1000)::float8 AS same_at,
                       (extract(epoch FROM max(h.last_sent_at) FILTER (WHERE $3::uuid IS NOT NULL AND h.vertical_id <> $3::uuid)) * 1000)::float8 AS other_at
                  FROM from_to_history h
                 WHERE h.organization_id = $1::uuid AND h.to_e164 = ANY($2::text[])
                 GROUP BY h.to_e164)
     SELECT h.e164, h.same_at, h.other_at, v.same_days, v.cross_days FROM (SELECT 1) one
       LEFT JOIN v ON true LEFT JOIN h ON true`,
    [organizationId, numbers, verticalId],
  )
  if (verticalId && rows[0]?.same_days == null) throw new AppError('vertical_not_found', 'No such vertical in the organization.', 404)
  const byNumber = new Map<string, { sameVerticalAt: number | null; otherVerticalAt: number | null }>()
  for (const row of rows) if (row.e164) byNumber.set(row.e164, { sameVerticalAt: row.same_at, otherVerticalAt: row.other_at })
  return {
    byNumber,
    sameDays: rows[0]?.same_days ?? DEFAULT_RETEXT.sameDays,
    crossDays: rows[0]?.cross_days ?? DEFAULT_RETEXT.crossDays,
  }
}
