/**
 * When a failed delivery is tried again: the Standard Webhooks schedule
 * (docs/decisions/049). Attempt 1 is immediate; attempt n+1 comes
 * RETRY_DELAYS_MS[n-1] after attempt n failed. Eight attempts over about
 * 27.5 hours, then the delivery is exhausted.
 */
export const RETRY_DELAYS_MS = [
  5_000, // 5 s
  5 * 60_000, // 5 min
  30 * 60_000, // 30 min
  2 * 3_600_000, // 2 h
  5 * 3_600_000, // 5 h
  10 * 3_600_000, // 10 h
  10 * 3_600_000, // 10 h
] as const

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1

/** When attempt `attemptNumber + 1` is due after attempt `attemptNumber` failed at `failedAt`; null when none is left. */
export function nextAttemptAfter(attemptNumber: number, failedAt: Date): Date | null {
  const delay = RETRY_DELAYS_MS[attemptNumber - 1]
  return delay === undefined ? null : new Date(failedAt.getTime() + delay)
}
