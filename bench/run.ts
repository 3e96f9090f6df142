/**
 * `npm run bench [-- <filter>]`: runs every `bench/*.bench.ts` (whose name
 * contains the filter), one after another, and prints one JSON object per
 * benchmark on its own line to stdout. Everything else goes to stderr.
 * Exits 1 when a benchmark throws. See docs/bench.md.
 */
import { readdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { startBenchApp, type BenchApp, type RunningBenchApp } from './lib/environment.ts'
import { interruptMeasurements } from './lib/stats.ts'
import { isBenchmark, type Benchmark, type BenchContext, type BenchmarkResult } from './lib/types.ts'

// stdout carries the results and nothing else: whatever else writes there
// (the app, a library) is sent to stderr instead.
const writeResult = process.stdout.write.bind(process.stdout)
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`)

async function discover(dir: string): Promise<Benchmark[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts')).sort()
  const benchmarks: Benchmark[] = []
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown }
    const benchmark = mod.default
    if (!isBenchmark(benchmark)) {
      throw new Error(`bench/${file} must export default defineBenchmark({ name, description, run })`)
    }
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(benchmark.name)) {
      throw new Error(`bench/${file}: name "${benchmark.name}" must be kebab-case`)
    }
    if (benchmarks.some((b) => b.name === benchmark.name)) {
      throw new Error(`bench/${file}: a benchmark named "${benchmark.name}" already exists`)
    }
    benchmarks.push(benchmark)
  }
  return benchmarks
}

function environment(app: BenchApp | undefined) {
  const cpus = os.cpus()
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus.length,
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    ...(app ? { postgres: app.postgresVersion } : {}),
  }
}

function ratio(subject: number, baseline: number) {
  return baseline > 0 ? Math.round((subject / baseline) * 100) / 100 : null
}

function resultLine(benchmark: Benchmark, result: BenchmarkResult, app: BenchApp | undefined) {
  return {
    benchmark: benchmark.name,
    unit: result.unit,
    subject: result.subject,
    baseline: result.baseline,
    ratio_p50: ratio(result.subject.p50, result.baseline.p50),
    ratio_p95: ratio(result.subject.p95, result.baseline.p95),
    ...(result.details ? { details: result.details } : {}),
    environment: environment(app),
    at: new Date().toISOString(),
  }
}

async function main(): Promise<number> {
  const filter = process.argv[2]
  const all = await discover(import.meta.dirname)
  const selected = filter ? all.filter((b) => b.name.includes(filter)) : all
  if (selected.length === 0) {
    log(`no benchmark matches "${filter}"; there are: ${all.map((b) => b.name).join(', ') || 'none'}`)
    return 1
  }

  let running: Promise<RunningBenchApp> | undefined
  const ctx: BenchContext = {
    app: async () => (await (running ??= startBenchApp({ log }))).app,
    log,
  }
  const cleanUp = async () => {
    if (!running) return
    const env = await running.catch(() => undefined)
    if (env) {
      log('stopping the app and Postgres')
      await env.stop()
    }
  }

  // Ctrl-C: the running benchmark stops at its next iteration and unwinds
  // (closing its own connections) before the app and Postgres go. A second
  // Ctrl-C does not wait for the benchmark.
  let interrupted = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) {
      log(`${signal} again: stopping now`)
      void cleanUp().finally(() => process.exit(130))
      return
    }
    interrupted = true
    log(`${signal}: stopping after the current iteration`)
    interruptMeasurements()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let failures = 0
  try {
    for (const benchmark of selected) {
      if (interrupted) break
      log(`${benchmark.name}: ${benchmark.description}`)
      const started = Date.now()
      try {
        const result = await benchmark.run(ctx)
        const app = running ? (await running).app : undefined
        writeResult(`${JSON.stringify(resultLine(benchmark, result, app))}\n`)
        log(`${benchmark.name}: done in ${((Date.now() - started) / 1000).toFixed(1)}s`)
      } catch (error) {
        failures++
        if (interrupted) log(`${benchmark.name}: interrupted`)
        else log(`${benchmark.name} FAILED: ${(error as Error).stack ?? String(error)}`)
      }
    }
  } finally {
    await cleanUp()
  }
  if (interrupted) return 130
  if (failures > 0) log(`${failures} of ${selected.length} benchmark(s) failed`)
  return failures > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`FAILED: ${(error as Error).stack ?? String(error)}`)
    process.exit(1)
  },
)
