/**
 * The process that sends, started by bench/send.bench.ts, so the sending side
 * (dispatch, its database work, the SDK) has its own event loop and the fake
 * Twilio it talks to (in the bench's process) plays the carrier on another,
 * as Twilio would. Runs from source with tsx against the bench database (the
 * environment the parent passes: DATABASE_URL, TWILIO_API_BASE_URL pointing
 * at the fake, SEND_CLOCK_OFFSET_MS, no Inngest variables). Modes:
 *
 * - `runner`: queueSends, then the in-process runner started exactly as
 *   `npm start` starts it (app/utils/runtime.server.ts:
 *   `startInProcessRunner({ functions, concurrency: JOBS_CONCURRENCY })`)
 *   runs `messages-dispatch`, the Inngest function, one run per sender number.
 * - `loop`: queueSends, then `dispatchSenderQueue` called in a loop per
 *   number, all numbers at once, as the function loops its steps, no runner.
 * - `raw`: the baseline. No database: `client.messages.create` straight to
 *   the fake through the same SDK client (createTwilioClient), from the same
 *   numbers, at most 8 in flight per number as dispatch allows, no pacing.
 *
 * Prints one JSON line on stdout and exits.
 */
import http from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'

export type SendChildConfig = {
  mode: 'runner' | 'loop' | 'raw'
  messages: number
  numbers: number
  mps: number
  /** Carrier-account MPS: high enough not to be the limit (rate = min(number mps, account mps / active numbers)). */
  accountMps: number
  purpose: 'marketing' | 'reply'
  slug: string
  /** The nth block of a million recipient numbers, so no two modes share a recipient (nor its DNC cache). */
  recipientBlock: number
  account: { sid: string; authToken: string }
}

export type SendChildResult = {
  mode: SendChildConfig['mode']
  organizationId: string | null
  senders: { id: string; e164: string; mps: number }[]
  recipients: string[]
  /** Date.now() when queueing began (raw: when sending began). */
  startedAtMs: number
  /** Date.now() when queueSends returned. */
  queuedAtMs: number
  doneAtMs: number
  queued: number
  blocked: number
  blockedReasons: Record<string, number>
  /** Per sender e164: [start, end] (ms since epoch) of every dispatch step, in order. */
  steps: Record<string, [number, number][]>
  db: { queueByStatus: Record<string, number>; messages: number; distinctCarrierSids: number; batchSent: number | null; runs: Record<string, number> }
  /**
   * When this process handed each message's request body to the socket (ms since epoch, sub-millisecond),
   * by recipient: the sending side's own clock, beside the fake's receipt time.
   */
  sentAt: Record<string, number>
  errors: string[]
  runnerConcurrency: string | null
  maxRssMb: number
  cpuUserS: number
  cpuSystemS: number
}

const IN_FLIGHT = 8

/**
 * The SDK (axios, through follow-redirects, over node:http) writes each
 * request's form body to a ClientRequest: record when, per recipient.
 * Observation only; nothing in the app changes.
 */
const sentAt: Record<string, number> = {}
function recordBody(request: http.ClientRequest, chunk: unknown) {
  if (request.method !== 'POST' || !request.path.endsWith('/Messages.json')) return
  if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk)) return
  const to = new URLSearchParams(chunk.toString()).get('To')
  if (to && sentAt[to] === undefined) sentAt[to] = performance.timeOrigin + performance.now()
}
const originalWrite = http.ClientRequest.prototype.write
const originalEnd = http.ClientRequest.prototype.end
http.ClientRequest.prototype.write = function write(this: http.ClientRequest, ...args: unknown[]) {
  recordBody(this, args[0])
  return (originalWrite as (...a: unknown[]) => boolean).apply(this, args)
} as typeof originalWrite
http.ClientRequest.prototype.end = function end(this: http.ClientRequest, ...args: unknown[]) {
  recordBody(this, args[0])
  return (originalEnd as (...a: unknown[]) => http.ClientRequest).apply(this, args)
} as typeof originalEnd

const config = JSON.parse(process.argv[2]!) as SendChildConfig
const log = (line: string) => process.stderr.write(`[send-child] ${line}\n`)

/** Valid, distinct US numbers in 512, none the simulated registry lists (last four 0000–0099). */
async function recipientNumbers(): Promise<string[]> {
  const { validE164 } = await import('../../app/modules/compliance/consent-number.ts')
  const numbers: string[] = []
  for (let k = 0; numbers.length < config.messages; k++) {
    if (k % 10_000 < 100) continue
    const candidate = `+1512${String(2_000_000 + config.recipientBlock * 1_000_000 + k).padStart(7, '0')}`
    const valid = validE164(candidate)
    if (valid === candidate) numbers.push(candidate)
  }
  return numbers
}

/** Sender numbers of the bench: +1 512 9xx-xxxx, distinct per mode. */
const senderNumber = (i: number) => `+1512${String(9_000_000 + config.recipientBlock * 1000 + i).padStart(7, '0')}`

async function runRaw(): Promise<SendChildResult> {
  const { createTwilioClient } = await import('../../app/modules/messaging/twilio-client.server.ts')
  const { getEnv } = await import('../../app/utils/env.server.ts')
  const recipients = await recipientNumbers()
  const senders = Array.from({ length: config.numbers }, (_, i) => ({ id: `raw-${i}`, e164: senderNumber(i), mps: config.mps }))
  const errors: string[] = []
  const body = 'Hi, this is the send bench. Reply STOP to opt out.'
  const startedAtMs = Date.now()
  // Recipients dealt round-robin to the numbers, as the sender choice spreads them.
  await Promise.all(
    senders.map(async (sender, s) => {
      const client = createTwilioClient({ accountSid: config.account.sid, authToken: config.account.authToken, apiBaseUrl: getEnv().TWILIO_API_BASE_URL, timeoutMs: 15_000 })
      const mine = recipients.filter((_, i) => i % senders.length === s)
      let next = 0
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < mine.length) {
            const to = mine[next++]!
            try {
              await client.messages.create({ to, from: sender.e164, body })
            } catch (error) {
              if (errors.length < 20) errors.push((error as Error).message)
            }
          }
        }),
      )
    }),
  )
  const doneAtMs = Date.now()
  return {
    mode: 'raw',
    organizationId: null,
    senders,
    recipients,
    startedAtMs,
    queuedAtMs: startedAtMs,
    doneAtMs,
    queued: recipients.length,
    blocked: 0,
    blockedReasons: {},
    steps: {},
    db: { queueByStatus: {}, messages: 0, distinctCarrierSids: 0, batchSent: null, runs: {} },
    sentAt,
    errors,
    runnerConcurrency: null,
    ...usage(),
  }
}

async function runDispatch(): Promise<SendChildResult> {
  const { prisma, pool, disconnectDb } = await import('../../app/utils/db.server.ts')
  const { systemActor } = await import('../../app/modules/audit/actor.ts')
  const { encryptCarrierToken } = await import('../../app/modules/messaging/carrier-token-crypto.server.ts')
  const { queueSends } = await import('../../app/modules/messaging/queue-sends.server.ts')
  const { dispatchSenderQueue } = await import('../../app/modules/messaging/dispatch-sender-queue.server.ts')

  // A `test` organization (it may send through Twilio) whose admin turned the marketing-consent policy off.
  const organization = await prisma.organization.create({
    data: { name: `Send bench ${config.slug}`, slug: config.slug, environment: 'test', marketingRequiresConsent: false },
  })
  const token = encryptCarrierToken(config.account.authToken)
  const account = await prisma.carrierAccount.create({
    data: {
      organizationId: organization.id,
      kind: 'twilio',
      name: 'Twilio (fake)',
      accountSid: config.account.sid,
      authTokenCiphertext: token.ciphertext,
      authTokenKeyId: token.keyId,
      mps: config.accountMps,
      dailyCap: config.messages * 4,
    },
  })
  const senders = []
  for (let i = 0; i < config.numbers; i++) {
    const number = await prisma.senderNumber.create({
      data: {
        organizationId: organization.id,
        carrierAccountId: account.id,
        e164: senderNumber(i),
        areaCode: '512',
        state: 'TX',
        mps: config.mps,
        // Room for the whole batch on every number, warmed up: the sender choice spreads by capacity left.
        dailyCap: config.messages * 2,
      },
    })
    senders.push({ id: number.id, e164: number.e164, mps: number.mps })
  }
  const recipients = await recipientNumbers()
  const actor = systemActor('bench:send', { organizationId: organization.id })
  const body = 'Hi, this is the send bench. Reply STOP to opt out.'

  const steps: Record<string, [number, number][]> = Object.fromEntries(senders.map((s) => [s.e164, []]))
  let runner: { drain(o?: { timeoutMs?: number; horizonMs?: number }): Promise<void>; stop(): Promise<void> } | undefined
  let runnerConcurrency: string | null = null
  if (config.mode !== 'loop') {
    const { startInProcessRunner } = await import('../../app/utils/jobs/in-process-runner.server.ts')
    const { functions } = await import('../../inngest/index.ts')
    const { getEnv } = await import('../../app/utils/env.server.ts')
    // As `npm start` starts it (app/utils/runtime.server.ts).
    runner = startInProcessRunner({ functions, concurrency: getEnv().JOBS_CONCURRENCY })
    runnerConcurrency = `JOBS_CONCURRENCY=${getEnv().JOBS_CONCURRENCY}, as npm start`
  }

  const startedAtMs = Date.now()
  const batch = await queueSends({ organizationId: organization.id, actor, purpose: config.purpose, body, to: recipients })
  const queuedAtMs = Date.now()
  log(`${config.mode}: queued ${batch.queued.length}, blocked ${batch.blocked.length} in ${((queuedAtMs - startedAtMs) / 1000).toFixed(1)}s`)
  const blockedReasons: Record<string, number> = {}
  for (const b of batch.blocked) blockedReasons[b.reason] = (blockedReasons[b.reason] ?? 0) + 1

  const errors: string[] = []
  if (config.mode === 'loop') {
    // What the function does per number (inngest/functions/messaging/dispatch-sends.ts), without a runner.
    await Promise.all(
      senders.map(async (sender) => {
        for (;;) {
          const started = Date.now()
          const slice = await dispatchSenderQueue({ senderNumberId: sender.id })
          steps[sender.e164]!.push([started, Date.now()])
          if (slice.stopped) errors.push(`${sender.e164}: ${slice.stopped}`)
          if (slice.stopped || slice.remaining === 0) return
          if (slice.sent + slice.blocked + slice.failed + slice.unknown + slice.retried === 0) {
            if (!slice.nextAt) return
            await sleep(Math.max(0, new Date(slice.nextAt).getTime() - Date.now()))
          }
        }
      }),
    )
  } else {
    // Until every queued message has an outcome; the runner works on its own.
    let lastLog = Date.now()
    for (;;) {
      const { rows } = await pool.query<{ open: number; sent: number }>(
        `SELECT count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS open, count(*) FILTER (WHERE status = 'sent')::int AS sent
           FROM send_queue WHERE organization_id = $1`,
        [organization.id],
      )
      if (rows[0]!.open === 0) break
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now()
        log(`${config.mode}: ${rows[0]!.sent} sent, ${rows[0]!.open} open after ${((Date.now() - startedAtMs) / 1000).toFixed(0)}s`)
      }
      await sleep(250)
    }
  }
  const doneAtMs = Date.now()
  if (runner) {
    await runner.drain({ timeoutMs: 60_000, horizonMs: 1000 }).catch((error: Error) => errors.push(`drain: ${error.message}`))
    await runner.stop()
    // The steps as the runner recorded them (job_run_steps), per number.
    const { rows } = await pool.query<{ sender: string; started_at: Date; finished_at: Date | null }>(
      `SELECT r.events->0->'data'->>'senderNumberId' AS sender, s.started_at, s.finished_at
         FROM job_run_steps s JOIN job_runs r ON r.id = s.job_run_id
        WHERE r.function_id = 'messages-dispatch' AND r.organization_id = $1 AND s.kind = 'run'
        ORDER BY s.started_at`,
      [organization.id],
    )
    const e164Of = new Map(senders.map((s) => [s.id, s.e164]))
    for (const row of rows) {
      const e164 = e164Of.get(row.sender)
      if (e164) steps[e164]!.push([row.started_at.getTime(), (row.finished_at ?? row.started_at).getTime()])
    }
  }

  const byStatus = await pool.query<{ status: string; n: number }>(
    `SELECT status::text, count(*)::int AS n FROM send_queue WHERE organization_id = $1 GROUP BY 1`,
    [organization.id],
  )
  const messages = await pool.query<{ n: number; sids: number }>(
    `SELECT count(*)::int AS n, count(DISTINCT carrier_sid)::int AS sids FROM messages WHERE organization_id = $1 AND direction = 'outbound'`,
    [organization.id],
  )
  const sentBatch = await pool.query<{ sent: number }>(`SELECT sent FROM send_batches WHERE id = $1`, [batch.batchId])
  const runs = await pool.query<{ status: string; n: number }>(
    `SELECT status::text, count(*)::int AS n FROM job_runs WHERE function_id = 'messages-dispatch' AND organization_id = $1 GROUP BY 1`,
    [organization.id],
  )
  // Loop mode queued runs nobody executes (no runner here): take them away so a later runner does not pick them up.
  if (config.mode === 'loop') await pool.query(`DELETE FROM job_runs WHERE organization_id = $1 AND status = 'queued'`, [organization.id]).catch(() => {})
  await disconnectDb()
  return {
    mode: config.mode,
    organizationId: organization.id,
    senders,
    recipients,
    startedAtMs,
    queuedAtMs,
    doneAtMs,
    queued: batch.queued.length,
    blocked: batch.blocked.length,
    blockedReasons,
    steps,
    db: {
      queueByStatus: Object.fromEntries(byStatus.rows.map((r) => [r.status, r.n])),
      messages: messages.rows[0]!.n,
      distinctCarrierSids: messages.rows[0]!.sids,
      batchSent: sentBatch.rows[0]?.sent ?? null,
      runs: Object.fromEntries(runs.rows.map((r) => [r.status, r.n])),
    },
    sentAt,
    errors,
    runnerConcurrency,
    ...usage(),
  }
}

function usage() {
  const u = process.resourceUsage()
  return { maxRssMb: Math.round(u.maxRSS / 1024), cpuUserS: u.userCPUTime / 1e6, cpuSystemS: u.systemCPUTime / 1e6 }
}

try {
  const result = config.mode === 'raw' ? await runRaw() : await runDispatch()
  // A pipe takes a large write asynchronously: exit once it has all of it.
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0))
} catch (error) {
  log(`FAILED: ${(error as Error).stack ?? String(error)}`)
  process.exit(1)
}
