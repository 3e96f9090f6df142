import type { Sample } from './types.ts'

export type Timed = {
  name: string
  /** One iteration. Whatever it returns is ignored; it must finish its work (e.g. read the whole body). */
  fn: () => Promise<unknown>
}

export type MeasureOptions = {
  /** Unmeasured iterations first: JIT, connection pools, Postgres caches. */
  warmup?: number
  iterations?: number
}

const DEFAULT_WARMUP = 20
const DEFAULT_ITERATIONS = 200

const round = (ms: number) => Math.round(ms * 1000) / 1000

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[index]!
}

export function summarize(name: string, durationsMs: number[]): Sample {
  if (durationsMs.length === 0) throw new Error(`no measurements for "${name}"`)
  const sorted = [...durationsMs].sort((a, b) => a - b)
  const mean = sorted.reduce((sum, d) => sum + d, 0) / sorted.length
  return {
    name,
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    mean: round(mean),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
    n: sorted.length,
  }
}

const interruption = new AbortController()

/** Makes every running and later `measure`/`compare` throw at its next iteration (Ctrl-C). */
export function interruptMeasurements() {
  interruption.abort(new Error('interrupted'))
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  interruption.signal.throwIfAborted()
  const started = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - started) / 1e6
}

/** Warms up, then times `iterations` sequential calls. */
export async function measure(timed: Timed, options: MeasureOptions = {}): Promise<Sample> {
  const { warmup = DEFAULT_WARMUP, iterations = DEFAULT_ITERATIONS } = options
  for (let i = 0; i < warmup; i++) await time(timed.fn)
  const durations: number[] = []
  for (let i = 0; i < iterations; i++) durations.push(await time(timed.fn))
  return summarize(timed.name, durations)
}

/**
 * Subject and baseline interleaved, one call each per round, alternating which
 * goes first: both see the same machine load, caches and GC pressure, so
 * their ratio holds even when the absolute numbers drift.
 */
export async function compare(
  pair: { subject: Timed; baseline: Timed },
  options: MeasureOptions = {},
): Promise<{ subject: Sample; baseline: Sample }> {
  const { warmup = DEFAULT_WARMUP, iterations = DEFAULT_ITERATIONS } = options
  const { subject, baseline } = pair
  for (let i = 0; i < warmup; i++) {
    await time(subject.fn)
    await time(baseline.fn)
  }
  const subjectMs: number[] = []
  const baselineMs: number[] = []
  for (let i = 0; i < iterations; i++) {
    if (i % 2 === 0) {
      subjectMs.push(await time(subject.fn))
      baselineMs.push(await time(baseline.fn))
    } else {
      baselineMs.push(await time(baseline.fn))
      subjectMs.push(await time(subject.fn))
    }
  }
  return { subject: summarize(subject.name, subjectMs), baseline: summarize(baseline.name, baselineMs) }
}
