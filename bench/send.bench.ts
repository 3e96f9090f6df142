import { execFile, execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startFakeTwilio, type FakeTwilio } from '../tests/fakes/fake-twilio.ts'
import type { SendChildConfig, SendChildResult } from './lib/send-child.ts'
import { summarize } from './lib/stats.ts'
import { defineBenchmark, type BenchContext } from './lib/types.ts'

const MESSAGES = Number(process.env.BENCH_SEND_MESSAGES ?? 10_000)
const NUMBERS = Number(process.env.BENCH_SEND_NUMBERS ?? 20)
const MPS = Number(process.env.BENCH_SEND_MPS ?? 5)
/** High enough that each number's own MPS is its rate (dispatch: min(number mps, account mps / active numbers)). */
const ACCOUNT_MPS = Number(process.env.BENCH_SEND_ACCOUNT_MPS ?? 1000)
const PURPOSE = (process.env.BENCH_SEND_PURPOSE ?? 'marketing') as 'marketing' | 'reply'
const ALL_MODES = ['runner', 'loop'] as const
type Mode = (typeof ALL_MODES)[number]
const MODES = (process.env.BENCH_SEND_MODES ?? ALL_MODES.join(',')).split(',').map((m) => m.trim()).filter(Boolean) as Mode[]
const TARGETS = { throughputRatio: 0.9 }

const childScript = path.join(import.meta.dirname, 'lib/send-child.ts')
/** The V8 heap bound `npm start` runs the app with (package.json), so the sending process runs as it does there. */
const startHeapFlags = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { scripts: { start: string } })
  .scripts.start.match(/--max-old-space-size=\d+/g) ?? []

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits

/** The send path's clock at 19:00 UTC today: inside every US mainland and Hawaii window (tests/support/leads.ts: sendClockAt). */
function sendClockOffsetMs() {
  const target = new Date()
  target.setUTCHours(19, 0, 0, 0)
  return target.getTime() - Date.now()
}

function runChild(ctx: BenchContext, config: SendChildConfig, fake: FakeTwilio, timeoutMs: number): Promise<SendChildResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'silent',
    TWILIO_API_BASE_URL: fake.url,
    SEND_CLOCK_OFFSET_MS: String(sendClockOffsetMs()),
  }
  // In-process jobs and the simulated DNC registry, whatever the shell has.
  for (const name of ['INNGEST_DEV', 'INNGEST_EVENT_KEY', 'INNGEST_SIGNING_KEY', 'INNGEST_BASE_URL', 'DNC_API_URL', 'DNC_API_KEY', 'CARRIER_TOKEN_KEYS']) delete env[name]
  const stderrTail: string[] = []
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [...startHeapFlags, '--import', 'tsx', childScript, JSON.stringify(config)],
      { env, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL', cwd: path.resolve(import.meta.dirname, '..') },
      (error, stdout) => {
        if (error) return reject(new Error(`the ${config.mode} process failed: ${error.message}\n${stderrTail.join('\n')}`))
        const last = stdout.trim().split('\n').pop() ?? ''
        try {
          resolve(JSON.parse(last) as SendChildResult)
        } catch {
          reject(new Error(`the ${config.mode} process printed no result: ${last.slice(0, 200)}`))
        }
      },
    )
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue
        if (line.startsWith('[send-child]')) ctx.log(line)
        stderrTail.push(line)
        if (stderrTail.length > 40) stderrTail.shift()
      }
    })
  })
}

/** The code the children run (from source): HEAD, and the send path's files that differ from it. */
function codeState() {
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8' }).trim()
    } catch {
      return 'unknown'
    }
  }
  const dirty = git('status', '--porcelain', '--', 'app/modules/messaging', 'app/modules/compliance', 'app/utils/jobs', 'inngest')
  return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ` + uncommitted: ${dirty.split('\n').map((l) => l.trim()).join(', ')}` : ''}`
}

type Accepted = { from: string; to: string; at: number }

/**
 * Per sender number: the most messages in any 1-second window [t, t + 1000)
 * (the sliding maximum: a window starting at each message), in any clock
 * second, how many windows exceed the rate and whether they span two dispatch
 * steps, the smallest gap, and the gaps across step boundaries.
 */
function paceStats(events: { from: string; at: number }[], steps: Record<string, [number, number][]>, rate: number) {
  const byNumber = new Map<string, number[]>()
  for (const e of events) {
    if (!byNumber.has(e.from)) byNumber.set(e.from, [])
    byNumber.get(e.from)!.push(e.at)
  }
  const perNumberMax: Record<string, number> = {}
  let worst = { number: '', count: 0, at: 0 }
  let calendarMax = 0
  let windowsOver = 0
  let windowsOverAcrossSteps = 0
  let minGapMs = Infinity
  const boundaryGaps: number[] = []
  const gaps: number[] = []
  for (const [number, list] of byNumber) {
    list.sort((a, b) => a - b)
    const own = steps[number] ?? []
    // The step a message went out in: the last step that began before it (a number's steps never overlap).
    const stepOf = (at: number) => {
      let lo = 0
      let hi = own.length - 1
      let found = -1
      while (lo <= hi) {
        const mid = (lo + hi) >> 1
        if (own[mid]![0] <= at) {
          found = mid
          lo = mid + 1
        } else hi = mid - 1
      }
      return found
    }
    const stepIndex = list.map(stepOf)
    let max = 0
    let j = 0
    for (let i = 0; i < list.length; i++) {
      while (j < list.length && list[j]! < list[i]! + 1000) j++
      const count = j - i
      if (count > max) max = count
      if (count > worst.count) worst = { number, count, at: list[i]! }
      if (count > rate) {
        windowsOver++
        if (stepIndex[i] !== stepIndex[j - 1]) windowsOverAcrossSteps++
      }
      if (i > 0) minGapMs = Math.min(minGapMs, list[i]! - list[i - 1]!)
      if (i > 0 && stepIndex[i] !== stepIndex[i - 1]) boundaryGaps.push(list[i]! - list[i - 1]!)
      else if (i > 0) gaps.push(list[i]! - list[i - 1]!)
    }
    perNumberMax[number] = max
    const perSecond = new Map<number, number>()
    for (const t of list) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1)
    calendarMax = Math.max(calendarMax, ...perSecond.values())
  }
  boundaryGaps.sort((a, b) => a - b)
  gaps.sort((a, b) => a - b)
  /** The median gap between two messages of one number inside a step: the pace the dispatcher actually keeps. */
  const gapP50 = gaps.length ? gaps[Math.floor(gaps.length / 2)]! : null
  return { perNumberMax, worst, calendarMax, windowsOver, windowsOverAcrossSteps, minGapMs: Number.isFinite(minGapMs) ? minGapMs : null, gapP50, boundaryGaps }
}

/** What the fake accepted, measured against what was configured. */
function analyze(result: SendChildResult, accepted: Accepted[], requests: number) {
  const rate = Math.min(MPS, ACCOUNT_MPS / NUMBERS)
  const aggregate = rate * NUMBERS
  const times = accepted.map((a) => a.at).sort((a, b) => a - b)
  const first = times[0] ?? 0
  const last = times[times.length - 1] ?? 0
  const spanMs = Math.max(1, last - first)
  const throughput = accepted.length / (spanMs / 1000)

  const fake = paceStats(accepted.map((a) => ({ from: a.from, at: a.at })), result.steps, rate)
  // The same on the sending side's own clock (when the SDK handed each request to the socket).
  const client = paceStats(
    accepted.flatMap((a) => (result.sentAt[a.to] === undefined ? [] : [{ from: a.from, at: result.sentAt[a.to]! }])),
    result.steps,
    rate,
  )
  const transit = accepted.flatMap((a) => (result.sentAt[a.to] === undefined ? [] : [a.at - result.sentAt[a.to]!])).sort((x, y) => x - y)
  const { perNumberMax, worst, calendarMax, windowsOver, windowsOverAcrossSteps, minGapMs, gapP50, boundaryGaps } = fake
  // How many numbers were sending at once: per wall-clock second, numbers with a message accepted in it.
  const numbersPerSecond = new Map<number, Set<string>>()
  for (const a of accepted) {
    const second = Math.floor(a.at / 1000)
    if (!numbersPerSecond.has(second)) numbersPerSecond.set(second, new Set())
    numbersPerSecond.get(second)!.add(a.from)
  }
  const concurrentNumbers = [...numbersPerSecond.values()].map((s) => s.size).sort((a, b) => a - b)

  const acceptedTo = new Set(accepted.map((a) => a.to))
  const distinctTo = acceptedTo.size
  const expected = new Set(result.recipients)
  const missing = result.recipients.filter((to) => !acceptedTo.has(to)).length
  const unexpected = accepted.filter((a) => !expected.has(a.to)).length
  const dbSent = result.db.queueByStatus.sent ?? 0
  const allSent = result.mode === 'raw' ? accepted.length === result.recipients.length : dbSent === result.recipients.length && result.db.messages === result.recipients.length
  return {
    rate,
    aggregate,
    accepted: accepted.length,
    requests,
    spanMs,
    throughput,
    ratio: throughput / aggregate,
    endToEndMps: accepted.length / (Math.max(1, last - result.startedAtMs) / 1000),
    queueMs: result.queuedAtMs - result.startedAtMs,
    firstAcceptAfterQueuedMs: first - result.queuedAtMs,
    perNumberMax,
    maxPerNumber: worst.count,
    worst,
    calendarMax,
    windowsOver,
    windowsOverAcrossSteps,
    minGapMs,
    gapP50,
    boundaryGaps,
    client,
    transitMs: { p50: transit[Math.floor(transit.length / 2)] ?? -1, p99: transit[Math.floor(transit.length * 0.99)] ?? -1, max: transit[transit.length - 1] ?? -1 },
    concurrentNumbersMax: concurrentNumbers[concurrentNumbers.length - 1] ?? 0,
    concurrentNumbersMedian: concurrentNumbers[Math.floor(concurrentNumbers.length / 2)] ?? 0,
    duplicates: accepted.length - distinctTo,
    missing,
    unexpected,
    allSent,
    dbSent,
  }
}

/** One mode end to end: a fresh fake Twilio (the carrier), a child process that queues and sends, then the fake's record. */
async function runMode(ctx: BenchContext, mode: SendChildConfig['mode'], block: number) {
  const fake = await startFakeTwilio()
  try {
    const slots = mode === 'runner' ? Math.min(4, NUMBERS) : NUMBERS
    const expectedMs = (MESSAGES / (Math.min(MPS, ACCOUNT_MPS / NUMBERS) * slots)) * 1000
    const config: SendChildConfig = {
      mode,
      messages: MESSAGES,
      numbers: NUMBERS,
      mps: MPS,
      accountMps: ACCOUNT_MPS,
      purpose: PURPOSE,
      slug: `send-bench-${mode}-${Date.now()}`,
      recipientBlock: block,
      account: fake.defaultAccount,
    }
    ctx.log(`${mode}: ${MESSAGES.toLocaleString('en-US')} messages from ${NUMBERS} numbers at ${MPS} MPS each${mode === 'raw' ? ' (no pacing, no database)' : ` (about ${Math.round(expectedMs / 1000)}s if paced as configured)`}`)
    const result = await runChild(ctx, config, fake, 3 * expectedMs + 300_000)
    const accepted = fake.messages.map((m) => ({ from: m.from ?? '', to: m.to, at: m.dateCreated.getTime() }))
    // For a closer look: every accepted message and the child's record, one JSON file per mode.
    if (process.env.BENCH_SEND_DUMP_DIR) {
      await mkdir(process.env.BENCH_SEND_DUMP_DIR, { recursive: true })
      await writeFile(path.join(process.env.BENCH_SEND_DUMP_DIR, `send-${mode}.json`), JSON.stringify({ result, accepted }))
    }
    return { result, analysis: analyze(result, accepted, fake.requests.length) }
  } finally {
    await fake.close()
  }
}

type ModeRun = Awaited<ReturnType<typeof runMode>>

function modeDetails(prefix: string, { result, analysis: a }: ModeRun): Record<string, string | number | boolean> {
  const gaps = a.boundaryGaps
  const dispatch = result.mode !== 'raw'
  return {
    [`${prefix}_accepted`]: a.accepted,
    [`${prefix}_throughput_mps`]: round(a.throughput),
    [`${prefix}_throughput_ratio`]: round(a.ratio, 3),
    [`${prefix}_span_ms`]: a.spanMs,
    ...(dispatch
      ? {
          [`${prefix}_runner_concurrency`]: result.runnerConcurrency ?? 'no runner: dispatchSenderQueue looped per number',
          [`${prefix}_queue_sends_ms`]: a.queueMs,
          [`${prefix}_first_accept_after_queued_ms`]: a.firstAcceptAfterQueuedMs,
          [`${prefix}_end_to_end_mps`]: round(a.endToEndMps),
          [`${prefix}_numbers_sending_at_once_max`]: a.concurrentNumbersMax,
          [`${prefix}_numbers_sending_at_once_median`]: a.concurrentNumbersMedian,
        }
      : {}),
    [`${prefix}_max_per_number_in_any_1s`]: a.maxPerNumber,
    [`${prefix}_worst_number`]: a.worst.number,
    [`${prefix}_worst_window_from`]: new Date(a.worst.at).toISOString(),
    [`${prefix}_max_per_number_in_a_clock_second`]: a.calendarMax,
    [`${prefix}_min_gap_ms`]: a.minGapMs === null ? -1 : round(a.minGapMs, 1),
    [`${prefix}_gap_in_step_ms_p50`]: a.gapP50 === null ? -1 : round(a.gapP50, 1),
    [`${prefix}_sender_clock_max_per_number_in_any_1s`]: a.client.worst.count,
    [`${prefix}_sender_clock_max_per_number_in_a_clock_second`]: a.client.calendarMax,
    [`${prefix}_sender_clock_min_gap_ms`]: a.client.minGapMs === null ? -1 : round(a.client.minGapMs, 1),
    [`${prefix}_sender_clock_gap_in_step_ms_p50`]: a.client.gapP50 === null ? -1 : round(a.client.gapP50, 1),
    [`${prefix}_transit_ms_p50`]: round(a.transitMs.p50, 1),
    [`${prefix}_transit_ms_p99`]: round(a.transitMs.p99, 1),
    [`${prefix}_transit_ms_max`]: round(a.transitMs.max, 1),
    ...(dispatch
      ? {
          [`${prefix}_windows_over_mps`]: a.windowsOver,
          [`${prefix}_windows_over_mps_spanning_two_steps`]: a.windowsOverAcrossSteps,
          [`${prefix}_sender_clock_windows_over_mps`]: a.client.windowsOver,
          [`${prefix}_sender_clock_windows_over_mps_spanning_two_steps`]: a.client.windowsOverAcrossSteps,
          [`${prefix}_step_boundary_gap_ms_min`]: gaps[0] ?? -1,
          [`${prefix}_step_boundary_gap_ms_p50`]: gaps[Math.floor(gaps.length / 2)] ?? -1,
          [`${prefix}_sender_clock_step_boundary_gap_ms_min`]: a.client.boundaryGaps.length ? round(a.client.boundaryGaps[0]!, 1) : -1,
          [`${prefix}_sender_clock_step_boundary_gap_ms_p50`]: a.client.boundaryGaps.length ? round(a.client.boundaryGaps[Math.floor(a.client.boundaryGaps.length / 2)]!, 1) : -1,
          [`${prefix}_step_boundaries`]: gaps.length,
          [`${prefix}_per_number_max_in_any_1s`]: JSON.stringify(Object.values(a.perNumberMax).sort((x, y) => y - x)),
          [`${prefix}_queued`]: result.queued,
          [`${prefix}_blocked`]: result.blocked,
          [`${prefix}_db_send_queue`]: JSON.stringify(result.db.queueByStatus),
          [`${prefix}_db_messages`]: result.db.messages,
          [`${prefix}_db_distinct_carrier_sids`]: result.db.distinctCarrierSids,
          ...(result.mode === 'loop' ? {} : { [`${prefix}_dispatch_runs`]: JSON.stringify(result.db.runs) }),
          [`${prefix}_process_cpu_s`]: round(result.cpuUserS + result.cpuSystemS, 1),
          [`${prefix}_process_max_rss_mb`]: result.maxRssMb,
        }
      : {}),
    [`${prefix}_duplicates`]: a.duplicates,
    [`${prefix}_missing`]: a.missing,
    [`${prefix}_fake_requests`]: a.requests,
    ...(result.errors.length ? { [`${prefix}_errors`]: result.errors.slice(0, 5).join(' | ') } : {}),
    ...(dispatch
      ? {
          [`${prefix}_meets_throughput`]: a.ratio >= TARGETS.throughputRatio,
          [`${prefix}_meets_per_number_mps`]: a.maxPerNumber <= a.rate,
          [`${prefix}_meets_no_duplicates`]: a.duplicates === 0 && a.unexpected === 0,
          [`${prefix}_meets_all_sent`]: a.allSent && a.missing === 0,
        }
      : {}),
  }
}

export default defineBenchmark({
  name: 'send',
  description: `${MESSAGES.toLocaleString('en-US')} messages through the real twilio SDK to the fake Twilio from ${NUMBERS} numbers at ${MPS} MPS each (${MODES.join(', ')}), against the raw SDK with no pacing and no database`,
  async run(ctx) {
    await ctx.app()
    for (const mode of MODES) if (!ALL_MODES.includes(mode)) throw new Error(`BENCH_SEND_MODES: unknown mode "${mode}"; modes: ${ALL_MODES.join(', ')}`)
    const codeBefore = codeState()
    // The baseline before and after the subjects (the best of the two): it is short, and the machine drifts.
    const rawBefore = await runMode(ctx, 'raw', 0)
    const runs = new Map<Mode, ModeRun>()
    for (const [index, mode] of MODES.entries()) {
      const run = await runMode(ctx, mode, index + 1)
      runs.set(mode, run)
      const a = run.analysis
      ctx.log(
        `${mode}: ${round(a.throughput)} MPS (${round(a.ratio, 3)} of ${a.aggregate}), max ${a.maxPerNumber} per number in a 1-s window (limit ${a.rate}), ` +
          `${a.windowsOver} windows over, ${a.duplicates} duplicates, ${a.dbSent} sent`,
      )
    }
    const rawAfter = await runMode(ctx, 'raw', 0)
    const raw = rawBefore.analysis.throughput >= rawAfter.analysis.throughput ? rawBefore : rawAfter

    const codeAfter = codeState()
    if (codeAfter !== codeBefore) ctx.log(`warning: the send path changed during the run: ${codeBefore} → ${codeAfter}`)
    const primary = runs.get(MODES[0]!)!
    const details: Record<string, string | number | boolean> = {
      code: codeBefore,
      ...(codeAfter !== codeBefore ? { code_changed_during_run_to: codeAfter } : {}),
      messages: MESSAGES,
      sender_numbers: NUMBERS,
      mps_per_number: MPS,
      account_mps: ACCOUNT_MPS,
      configured_aggregate_mps: primary.analysis.aggregate,
      purpose: PURPOSE,
      purpose_why:
        PURPOSE === 'marketing'
          ? 'a 10k send is a campaign: marketing, in a test organization with the marketing-consent policy off, through the simulated national DNC registry (no recipient ends in 00xx, the numbers it lists), so queueing and the dispatch re-check take the costlier path and every recipient is allowed'
          : 'reply: no cooldown and no DNC registry in the gate, at queueing or at dispatch',
      subject_mode: MODES[0]!,
      modes: MODES.join(','),
      timestamps: 'the fake Twilio’s dateCreated of each accepted message (a Date, millisecond resolution, taken when the request has been read), in the bench process; sending runs in a child process',
      inngest: 'not measured: the Inngest Dev Server (inngest-cli) downloads its binary at install time, which this machine cannot; the runner runs the very same function definition, one run (slot) per sending number, as Inngest would with enough concurrency',
      target_throughput_ratio_min: TARGETS.throughputRatio,
      raw_throughput_mps: round(raw.analysis.throughput),
      raw_throughput_before_mps: round(rawBefore.analysis.throughput),
      raw_throughput_after_mps: round(rawAfter.analysis.throughput),
      ...modeDetails('raw', raw),
    }
    for (const [mode, run] of runs) Object.assign(details, modeDetails(mode.replace(/-/g, '_'), run))
    for (const [mode, run] of runs) {
      if (run.result.db.queueByStatus.sent !== run.result.recipients.length) ctx.log(`warning: ${mode}: send_queue ${JSON.stringify(run.result.db.queueByStatus)}`)
    }
    return {
      unit: 'ms',
      subject: summarize(
        `${MODES[0]}: ${primary.analysis.accepted.toLocaleString('en-US')} messages, first to last accepted at the fake (${round(primary.analysis.throughput)} MPS)`,
        [primary.analysis.spanMs],
      ),
      baseline: summarize(
        `raw SDK, ${raw.analysis.accepted.toLocaleString('en-US')} messages, 8 in flight per number, no pacing or database (${round(raw.analysis.throughput)} MPS)`,
        [raw.analysis.spanMs],
      ),
      details,
    }
  },
})
