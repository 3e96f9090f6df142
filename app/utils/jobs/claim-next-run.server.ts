import type { JobRun } from '~/generated/prisma/client.ts'
import { prisma, Prisma } from '~/utils/db.server'

/**
 * Takes the next due run for this worker, honoring flow control across every
 * runner process that shares the database (docs/decisions/027):
 *
 * - concurrency: a run whose step would exceed a limit of one of its keys
 *   (counting runs another worker is executing, status `running`) waits in
 *   the queue; sleeping and queued runs hold no slot, as with Inngest, where
 *   the limit counts steps executing, not runs in progress;
 * - throttle: a run that has not started yet passes its key's GCRA; one that
 *   may not start yet is pushed, with every unstarted run of its key, to the
 *   moment it may (first in, first out).
 *
 * Claims are serialized by one transaction-scoped advisory lock, so two
 * workers never both take the last slot of a key; SKIP LOCKED keeps rows an
 * admin is cancelling out of the way.
 */

// Any constant that no other advisory lock of the app uses ("esd jobs").
const CLAIM_LOCK = 0x65_73_64_6a

/** How many throttled keys one claim steps over before it gives up until the next poll. */
const MAX_CANDIDATES = 20

type Candidate = { id: string; throttle_key: string | null; throttle: ThrottleParams | null; started_at: Date | null }
type ThrottleParams = { limit: number; periodMs: number; burst: number }

// Waiting for the lock counts against the transaction's time: leave room for a busy moment.
const claimTransaction = { maxWait: 10_000, timeout: 30_000 }

/**
 * Only runs of `functionIds` are taken: a worker of another version (a rolling
 * deploy) or another process with other functions leaves the rest alone.
 */
export async function claimNextRun(workerId: string, functionIds: string[]): Promise<JobRun | null> {
  // An idle poll costs one indexed query, not a transaction under the lock.
  const due = await prisma.$queryRaw<unknown[]>`
    SELECT 1 FROM job_runs
     WHERE status IN ('queued', 'sleeping') AND run_after <= now() AND function_id = ANY(${functionIds}::text[])
     LIMIT 1`
  if (due.length === 0) return null
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CLAIM_LOCK}::bigint)`
    // One clock for every decision of this claim; milliseconds, as stored.
    const [{ now }] = await tx.$queryRaw<[{ now: Date }]>`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`
    for (let i = 0; i < MAX_CANDIDATES; i++) {
      const [candidate] = await tx.$queryRaw<Candidate[]>`
        WITH held AS (
          SELECT c->>'key' AS key, count(*) AS n
            FROM job_runs h CROSS JOIN LATERAL jsonb_array_elements(h.concurrency) c
           WHERE h.status = 'running' AND h.concurrency IS NOT NULL
           GROUP BY 1)
        SELECT r.id, r.throttle_key, r.throttle, r.started_at
          FROM job_runs r
         WHERE r.status IN ('queued', 'sleeping') AND r.run_after <= ${now}
           AND r.function_id = ANY(${functionIds}::text[])
           AND (r.concurrency IS NULL OR NOT EXISTS (
                 SELECT 1 FROM jsonb_array_elements(r.concurrency) c
                   JOIN held ON held.key = c->>'key'
                  WHERE held.n >= (c->>'limit')::int))
         ORDER BY r.run_after, r.created_at
         LIMIT 1
         FOR UPDATE OF r SKIP LOCKED`
      if (!candidate) return null
      if (candidate.throttle_key && candidate.throttle && !candidate.started_at) {
        const admitted = await admitThrottled(tx, { key: candidate.throttle_key, ...candidate.throttle, now })
        if (!admitted) continue
      }
      const [run] = await tx.$queryRaw<{ id: string }[]>`
        UPDATE job_runs
           SET status = 'running', locked_by = ${workerId}, locked_at = ${now}, updated_at = ${now},
               started_at = coalesce(started_at, ${now})
         WHERE id = ${candidate.id}::uuid
        RETURNING id`
      return tx.jobRun.findUnique({ where: { id: run!.id } })
    }
    return null
  }, claimTransaction)
}

/**
 * GCRA on the key's theoretical arrival time (TAT), in one statement: a start
 * is admitted while the TAT runs at most `burst - 1` emission intervals ahead
 * of now, and moves it one interval on. When refused, the key's unstarted
 * runs wait until the TAT comes back within reach.
 */
async function admitThrottled(
  tx: Prisma.TransactionClient,
  options: ThrottleParams & { key: string; now: Date },
): Promise<boolean> {
  const emissionMs = options.periodMs / options.limit
  const toleranceMs = (options.burst - 1) * emissionMs
  const admitted = await tx.$queryRaw<{ tat: Date }[]>`
    INSERT INTO job_throttles AS t (key, tat, updated_at)
    VALUES (${options.key}, ${options.now}::timestamptz + ${emissionMs}::float8 * interval '1 millisecond', ${options.now})
    ON CONFLICT (key) DO UPDATE
       SET tat = greatest(t.tat, ${options.now}::timestamptz) + ${emissionMs}::float8 * interval '1 millisecond',
           updated_at = ${options.now}
     WHERE greatest(t.tat, ${options.now}::timestamptz) - ${options.now}::timestamptz <= ${toleranceMs}::float8 * interval '1 millisecond'
    RETURNING tat`
  if (admitted.length > 0) return true
  await tx.$executeRaw`
    UPDATE job_runs r
       SET run_after = t.tat - ${toleranceMs}::float8 * interval '1 millisecond', updated_at = ${options.now}
      FROM job_throttles t
     WHERE t.key = ${options.key} AND r.throttle_key = t.key
       AND r.status = 'queued' AND r.started_at IS NULL
       AND r.run_after < t.tat - ${toleranceMs}::float8 * interval '1 millisecond'`
  return false
}
