import type { BenchApp } from './environment.ts'

/** Summary of one measured series, in milliseconds. */
export type Sample = {
  name: string
  p50: number
  p95: number
  p99: number
  mean: number
  min: number
  max: number
  n: number
}

/** What a benchmark returns: the thing under test and a baseline measured in the same run. */
export type BenchmarkResult = {
  unit: 'ms'
  subject: Sample
  baseline: Sample
  /** Small facts that help read the numbers (row counts, URLs); printed as is. */
  details?: Record<string, string | number | boolean>
}

export type BenchContext = {
  /**
   * The real app (production build) on a fresh embedded Postgres with the demo
   * organization seeded, shared by every benchmark of the run. Booted on first
   * use; the runner stops it at the end.
   */
  app(): Promise<BenchApp>
  /** Progress for humans: goes to stderr, never into the JSON on stdout. */
  log(message: string): void
}

export type Benchmark = {
  /** kebab-case, unique; what `npm run bench -- <filter>` matches. */
  name: string
  description: string
  run(ctx: BenchContext): Promise<BenchmarkResult>
}

/** Identity function that gives a `*.bench.ts` default export its type. */
export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark
}

export function isBenchmark(value: unknown): value is Benchmark {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.name === 'string' && typeof v.description === 'string' && typeof v.run === 'function'
}
