import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { JobRun } from '~/generated/prisma/client.ts'
import { recordJobRunFinished } from '~/modules/observability/metrics.server'
import { logger } from '~/utils/logger.server'
import { requestIdFrom, runWithRequestContext } from '~/utils/request-context.server'
import { dueMinutes } from './cron.server'
import { executeInvocation, maxAttempts, type Op } from './execute-invocation.server'
import { claimNextRun } from './claim-next-run.server'
import { parseDelay } from './durations.server'
import { assertSupportedFlowControl } from './flow-control.server'
import {
  cancelRequested,
  finishRun,
  hasDueOrRunningRuns,
  insertRuns,
  lastCronTick,
  putToSleep,
  releaseRun,
  requeueAbandonedRuns,
  saveStep,
  scheduleRetry,
  touchRuns,
  type Waiting,
} from './job-store.server'
import { recordStepFinished, recordStepStarted, stepStartedAt } from './job-steps.server'
import { newRun } from './new-run.server'
import { assertSupportedByInProcessRunner, cronTriggers, functionId, type AnyFunction } from './triggers.server'

/**
 * Executes Inngest functions inside this process when no Inngest server is
 * configured. Runs live in `job_runs`: a step's result is written before the
 * next step starts, so a crash resumes from the last finished step, exactly
 * like Inngest's own memoization.
 */

export type RunnerOptions = {
  functions: AnyFunction[]
  concurrency?: number
  pollIntervalMs?: number
  /** First retry delay; doubles per attempt (Inngest uses a similar curve). */
  retryBaseMs?: number
  /** A run whose worker has not renewed its lease for this long is requeued. */
  leaseMs?: number
}

export type InProcessRunner = {
  workerId: string
  /**
   * Resolves once nothing runs and nothing comes due within `horizonMs`
   * (retries and short sleeps included). For tests and orderly shutdowns.
   */
  drain(options?: { timeoutMs?: number; horizonMs?: number }): Promise<void>
  stop(): Promise<void>
}

/** Wakes runners in this process right after an event is queued. */
export const runnerWakeups = new EventEmitter()

const MAX_INVOCATIONS_PER_CLAIM = 1000

export function startInProcessRunner(options: RunnerOptions): InProcessRunner {
  assertSupportedByInProcessRunner(options.functions)
  assertSupportedFlowControl(options.functions)
  const workerId = `in-process-${randomUUID()}`
  const concurrency = options.concurrency ?? 4
  const pollIntervalMs = options.pollIntervalMs ?? 1000
  const retryBaseMs = options.retryBaseMs ?? 1000
  const leaseMs = options.leaseMs ?? 120_000
  const byId = new Map(options.functions.map((fn) => [functionId(fn), fn]))
  const crons = cronTriggers(options.functions)

  const active = new Map<string, Promise<void>>()
  let stopped = false
  let idleWaiters: (() => void)[] = []
  let pollTimer: NodeJS.Timeout | undefined
  let scheduling = false
  let pumping: Promise<void> | undefined
  let pumpAgain = false
  let lastCronCheck = new Date()

  const wake = () => void pump()
  runnerWakeups.on('queued', wake)
  const leaseTimer = setInterval(() => {
    void touchRuns([...active.keys()], workerId).catch((err) => logger.warn('job lease renewal failed', { err }))
    void requeueAbandonedRuns(leaseMs).catch(() => {})
  }, Math.max(1000, leaseMs / 4))
  leaseTimer.unref()

  function pump(): Promise<void> {
    if (stopped) return Promise.resolve()
    if (scheduling) {
      // A slot freed or an event came while claiming: look once more afterwards.
      pumpAgain = true
      return pumping ?? Promise.resolve()
    }
    scheduling = true
    pumpAgain = false
    pumping = claimWork()
    return pumping
  }

  async function claimWork() {
    try {
      await enqueueDueCronRuns()
      while (!stopped && active.size < concurrency) {
        const run = await claimNextRun(workerId, [...byId.keys()])
        if (!run) break
        // Stopped while the claim was under way: hand it back untouched.
        if (stopped) {
          await releaseRun(run)
          break
        }
        const task = driveRun(run)
          .catch((err) => logger.error('job runner crashed on a run', { err, jobRunId: run.id }))
          .finally(() => {
            active.delete(run.id)
            void pump()
          })
        active.set(run.id, task)
      }
    } catch (err) {
      if (!stopped) logger.error('job runner could not claim work', { err })
    } finally {
      scheduling = false
      if (active.size === 0) notifyIdle()
      if (pumpAgain && !stopped) setImmediate(() => void pump())
      else schedulePoll()
    }
  }

  function schedulePoll() {
    if (stopped) return
    clearTimeout(pollTimer)
    pollTimer = setTimeout(() => void pump(), pollIntervalMs)
    pollTimer.unref()
  }

  function notifyIdle() {
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  async function enqueueDueCronRuns() {
    if (crons.length === 0) return
    const now = new Date()
    if (now.getTime() - lastCronCheck.getTime() < 1000) return
    const since = lastCronCheck
    lastCronCheck = now
    for (const { fn, schedule, expression } of crons) {
      const id = functionId(fn)
      const last = (await lastCronTick(id)) ?? since
      const due = dueMinutes(schedule, last > since ? last : since, now)
      await insertRuns(
        due.map((minute) =>
          newRun({
            fn,
            dedupeKey: `${id}:cron:${minute.toISOString()}`,
            event: { id: randomUUID(), name: 'inngest/scheduled.timer', data: { cron: expression }, ts: minute.getTime() },
          }),
        ),
      )
    }
  }

  async function driveRun(claimed: JobRun) {
    const fn = byId.get(claimed.functionId)
    if (!fn) {
      await finishRun(claimed, {
        status: 'failed',
        error: { name: 'Error', message: `No function "${claimed.functionId}" is registered in this app` },
      })
      return
    }
    const context = { requestId: requestIdFrom(claimed.requestId), jobRunId: claimed.id }
    await runWithRequestContext(context, () => advance(fn, claimed))
  }

  async function advance(fn: AnyFunction, claimed: JobRun) {
    const id = functionId(fn)
    let run = claimed
    let requestedRunStep: { id: string; name: string } | undefined
    if (run.cancelRequestedAt) return cancel(run)
    const waiting = run.waiting as Waiting | null
    if (waiting?.kind === 'sleep') {
      run = await saveStep(run, { id: waiting.stepId, data: null })
      await wokeUp(run, waiting.stepId)
    }

    for (let i = 0; i < MAX_INVOCATIONS_PER_CLAIM; i++) {
      if (stopped) return void (await releaseRun(run))
      // An admin may cancel between steps; a step already executing has finished by now.
      if (i > 0 && (await cancelRequested(run.id))) return cancel(run)
      const startedAt = new Date()
      if (requestedRunStep) {
        await recordStepStarted({ jobRunId: run.id, stepId: requestedRunStep.id, name: requestedRunStep.name, kind: 'run', at: startedAt, workerId })
      }
      const outcome = await executeInvocation({ fn, run, requestedRunStep: requestedRunStep?.id })
      requestedRunStep = undefined
      switch (outcome.type) {
        case 'function-resolved':
          await finishRun(run, { status: 'completed', output: outcome.data })
          recordJobRunFinished(id, 'completed')
          logger.info('job run completed', { function: id })
          return
        case 'function-rejected': {
          const canRetry = outcome.retriable !== false && run.attempt + 1 < maxAttempts(fn)
          if (canRetry) {
            if (await scheduleRetry(run, retryAt(run.attempt, outcome.retriable), outcome.error)) {
              logger.warn('job run failed; will retry', { function: id, attempt: run.attempt, error: outcome.error })
            } else recordJobRunFinished(id, 'cancelled')
            return
          }
          await finishRun(run, { status: 'failed', error: outcome.error })
          recordJobRunFinished(id, 'failed')
          logger.error('job run failed', { function: id, attempt: run.attempt, error: outcome.error })
          return
        }
        case 'step-ran': {
          const step = outcome.step
          const status = step.op === 'StepError' ? 'errored' : step.op === 'StepFailed' ? 'failed' : 'completed'
          await recordStepFinished({
            jobRunId: run.id,
            stepId: step.id,
            name: stepName(step),
            kind: 'run',
            status,
            error: status === 'completed' ? undefined : step.error,
            startedAt,
            finishedAt: new Date(),
            workerId,
          })
          if (step.op === 'StepError') {
            if (await scheduleRetry(run, retryAt(run.attempt, outcome.retriable ?? true), step.error)) {
              logger.warn('job step failed; will retry', { function: id, step: step.displayName, attempt: run.attempt })
            } else recordJobRunFinished(id, 'cancelled')
            return
          }
          run = await saveStep(run, step.op === 'StepFailed' ? { id: step.id, error: step.error } : { id: step.id, data: step.data ?? null })
          continue
        }
        case 'steps-found': {
          const next = nextAction(outcome.steps)
          if (next.kind === 'run') {
            requestedRunStep = { id: next.stepId, name: next.name }
            continue
          }
          if (next.kind === 'sleep') {
            const now = new Date()
            await recordStepStarted({ jobRunId: run.id, stepId: next.stepId, name: next.name, kind: 'sleep', status: 'sleeping', at: now, workerId })
            if (next.until.getTime() <= now.getTime()) {
              run = await saveStep(run, { id: next.stepId, data: null })
              await wokeUp(run, next.stepId)
              continue
            }
            if (!(await putToSleep(run, { kind: 'sleep', stepId: next.stepId, until: next.until.toISOString() }))) {
              recordJobRunFinished(id, 'cancelled')
            }
            return
          }
          await finishRun(run, { status: 'failed', error: { name: 'UnsupportedStep', message: next.reason } })
          recordJobRunFinished(id, 'failed')
          logger.error('job run needs an Inngest server', { function: id, reason: next.reason })
          return
        }
        case 'unsupported':
          await finishRun(run, { status: 'failed', error: { name: 'UnsupportedStep', message: outcome.reason } })
          recordJobRunFinished(id, 'failed')
          return
      }
    }
    await finishRun(run, {
      status: 'failed',
      error: { name: 'Error', message: `Run did not finish within ${MAX_INVOCATIONS_PER_CLAIM} invocations` },
    })
    recordJobRunFinished(id, 'failed')
  }

  async function cancel(run: JobRun) {
    await finishRun(run, { status: 'cancelled' })
    recordJobRunFinished(run.functionId, 'cancelled')
    logger.info('job run cancelled', { function: run.functionId })
  }

  /** A sleep step ended: time it from when it began. */
  async function wokeUp(run: JobRun, stepId: string) {
    const finishedAt = new Date()
    const startedAt = (await stepStartedAt(run.id, stepId)) ?? finishedAt
    await recordStepFinished({ jobRunId: run.id, stepId, kind: 'sleep', status: 'completed', startedAt, finishedAt, workerId, countsAsAttempt: false })
  }

  function retryAt(attempt: number, retriable: boolean | string) {
    if (typeof retriable === 'string') {
      const seconds = Number(retriable)
      if (Number.isFinite(seconds)) return new Date(Date.now() + seconds * 1000)
      const date = new Date(retriable)
      if (!Number.isNaN(date.getTime())) return date
    }
    const delay = Math.min(retryBaseMs * 2 ** attempt, 60 * 60_000)
    return new Date(Date.now() + delay * (0.75 + Math.random() * 0.5))
  }

  void requeueAbandonedRuns(leaseMs).finally(() => void pump())

  return {
    workerId,
    async drain({ timeoutMs = 30_000, horizonMs = 5_000 } = {}) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        await pump()
        if (active.size === 0 && !(await hasDueOrRunningRuns([...byId.keys()], horizonMs))) return
        if (Date.now() > deadline) throw new Error('job runner did not drain in time')
        await new Promise<void>((resolve) => {
          idleWaiters.push(resolve)
          setTimeout(resolve, 50)
        })
      }
    },
    async stop() {
      stopped = true
      runnerWakeups.off('queued', wake)
      clearTimeout(pollTimer)
      clearInterval(leaseTimer)
      await pumping?.catch(() => {})
      await Promise.allSettled(active.values())
    },
  }
}

type NextAction =
  | { kind: 'run'; stepId: string; name: string }
  | { kind: 'sleep'; stepId: string; name: string; until: Date }
  | { kind: 'unsupported'; reason: string }

/** The id the function gave the step (`step.run("load", …)`); the SDK hashes it into `id`. */
function stepName(op: Op): string {
  return op.displayName ?? op.name ?? op.id
}

function nextAction(steps: Op[]): NextAction {
  const planned = steps.find((s) => s.op === 'StepPlanned' || s.op === 'StepRun' || s.op === 'Step')
  if (planned) return { kind: 'run', stepId: planned.id, name: stepName(planned) }
  const sleep = steps.find((s) => s.op === 'Sleep')
  // A sleep op's `name` is its duration or end; `displayName` is the step's own id.
  if (sleep) return { kind: 'sleep', stepId: sleep.id, name: sleep.displayName ?? sleep.id, until: parseDelay(sleep.name ?? '0s') }
  const ops = [...new Set(steps.map((s) => s.op))].join(', ')
  return {
    kind: 'unsupported',
    reason: `The in-process runner cannot execute ${ops}; run with INNGEST_DEV=1 and the Inngest Dev Server`,
  }
}
