import type { GateDb } from './decide-sends.server'
import type { DncProvider } from './dnc-provider.server'

/** A registry answer older than this is asked again (the FTC's 31-day scrub rule). */
export const DNC_CHECK_MAX_AGE_DAYS = 31

export type DncStatus = { kind: 'answered'; listed: boolean } | { kind: 'failed'; message: string }

/**
 * The national DNC status of each number at `now`: from `dnc_checks` when the
 * answer there is at most 31 days old, otherwise from the provider (in its
 * batch size), whose answers are stored. A number the provider did not answer
 * for, or whose batch failed, is `failed`: the caller blocks it. One read and
 * at most one write of the cache per call, whatever the number of numbers.
 */
export async function checkNationalDnc({
  numbers,
  now,
  provider,
  db,
  store = true,
}: {
  numbers: readonly string[]
  now: Date
  provider: DncProvider
  db: GateDb
  /** Keep the provider's answers in `dnc_checks` (true); a dry run asks for nothing to be kept. */
  store?: boolean
}): Promise<Map<string, DncStatus>> {
  const statuses = new Map<string, DncStatus>()
  const distinct = [...new Set(numbers)]
  if (distinct.length === 0) return statuses
  const fresh = await db.query<{ e164: string; listed: boolean }>(
    `SELECT e164, listed FROM dnc_checks WHERE e164 = ANY($1::text[]) AND checked_at > $2::timestamptz - make_interval(days => $3)`,
    [distinct, now, DNC_CHECK_MAX_AGE_DAYS],
  )
  for (const row of fresh.rows) statuses.set(row.e164, { kind: 'answered', listed: row.listed })

  const stale = distinct.filter((e164) => !statuses.has(e164))
  // One answer per number (a provider that repeats a number: listed if any answer says so).
  const answers = new Map<string, { e164: string; listed: boolean; response: Record<string, unknown> }>()
  for (let start = 0; start < stale.length; start += provider.batchSize) {
    const batch = stale.slice(start, start + provider.batchSize)
    try {
      const asked = new Set(batch)
      for (const answer of await provider.lookup(batch)) {
        if (!asked.has(answer.e164)) continue
        const listed = answer.listed || answers.get(answer.e164)?.listed === true
        answers.set(answer.e164, { ...answer, listed })
        statuses.set(answer.e164, { kind: 'answered', listed })
      }
    } catch (error) {
      for (const e164 of batch) statuses.set(e164, { kind: 'failed', message: (error as Error).message })
    }
    for (const e164 of batch) if (!statuses.has(e164)) statuses.set(e164, { kind: 'failed', message: 'The DNC provider did not answer for this number' })
  }
  if (store && answers.size > 0) {
    const rows = [...answers.values()]
    await db.query(
      `INSERT INTO dnc_checks (e164, listed, provider, response, checked_at)
       SELECT a.e164, a.listed, $4, a.response, $5 FROM unnest($1::text[], $2::bool[], $3::jsonb[]) AS a(e164, listed, response)
       ON CONFLICT (e164) DO UPDATE SET listed = EXCLUDED.listed, provider = EXCLUDED.provider, response = EXCLUDED.response, checked_at = EXCLUDED.checked_at`,
      [rows.map((a) => a.e164), rows.map((a) => a.listed), rows.map((a) => JSON.stringify(a.response)), provider.name, now],
    )
  }
  return statuses
}
