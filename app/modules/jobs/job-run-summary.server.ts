/**
 * How the job-run pages put a run in a few words. Helpers of the listing
 * and run modules, not a module of their own.
 */

/**
 * Attempts of the run's most-tried step, or of the function itself (a run
 * that fails outside any step, or a step on its retry right now).
 */
export function runAttempts(currentAttempt: number, maxStepAttempts: number): number {
  return Math.max(currentAttempt + 1, maxStepAttempts)
}

/** From the first claim to the end, or to now while unfinished; null before it starts. */
export function runDurationMs(run: { startedAt: Date | null; finishedAt: Date | null; status: string }, now: Date): number | null {
  if (!run.startedAt) return null
  const end = run.finishedAt ?? (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled' ? null : now)
  return end ? Math.max(0, end.getTime() - run.startedAt.getTime()) : null
}

/** "Name: message" of a serialized error; never its stack (server paths are not for every admin). */
export function errorSummary(error: unknown): string | null {
  if (error === null || error === undefined) return null
  if (typeof error === 'string') return error
  if (typeof error === 'object') {
    const { name, message } = error as { name?: unknown; message?: unknown }
    const text = typeof message === 'string' ? message : JSON.stringify(error)
    return typeof name === 'string' && name !== 'Error' ? `${name}: ${text}` : text
  }
  return String(error)
}
