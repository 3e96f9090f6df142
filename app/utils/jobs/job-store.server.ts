import { randomUUID } from 'node:crypto'
import { prisma, Prisma } from '~/utils/db.server'
import type { JobRun } from '~/generated/prisma/client.ts'
import type { RunFlowControl } from './flow-control.server'

/** The state of a run the executor needs between invocations. */
export type StepMemo = { id: string; data?: unknown; error?: unknown }
export type Waiting = { kind: 'sleep'; stepId: string; until: string }
export type QueuedEvent = { id: string; name: string; data: Record<string, unknown>; ts: number; user?: unknown }

const json = (value: unknown) => (value === undefined ? Prisma.JsonNull : (value as Prisma.InputJsonValue))

/** A run about to be queued, with what `newRun` worked out from its function and event. */
export type NewRun = {
  functionId: string
  event: QueuedEvent
  dedupeKey: string
  requestId?: string
  organizationId?: string | null
  flowControl?: RunFlowControl
}

export async function insertRuns(runs: NewRun[]): Promise<string[]> {
  if (runs.length === 0) return []
  const rows = runs.map((r) => ({
    id: randomUUID(),
    functionId: r.functionId,
    eventName: r.event.name,
    events: [r.event] as unknown as Prisma.InputJsonValue,
    dedupeKey: r.dedupeKey,
    requestId: r.requestId ?? null,
    organizationId: r.organizationId ?? null,
    concurrency: r.flowControl?.concurrency.length ? json(r.flowControl.concurrency) : Prisma.DbNull,
    throttleKey: r.flowControl?.throttle?.key ?? null,
    throttle: r.flowControl?.throttle
      ? json({ limit: r.flowControl.throttle.limit, periodMs: r.flowControl.throttle.periodMs, burst: r.flowControl.throttle.burst })
      : Prisma.DbNull,
  }))
  // Inngest ignores an event id it has already seen for a function; so do we.
  await prisma.jobRun.createMany({ data: rows, skipDuplicates: true })
  return rows.map((r) => r.id)
}

/** Keeps the lease of a run that is still executing. */
export async function touchRuns(ids: string[], workerId: string) {
  if (ids.length === 0) return
  await prisma.jobRun.updateMany({
    where: { id: { in: ids }, lockedBy: workerId, status: 'running' },
    data: { lockedAt: new Date() },
  })
}

/** Runs whose worker stopped renewing its lease (a crash) go back to the queue. */
export async function requeueAbandonedRuns(leaseMs: number): Promise<number> {
  const result = await prisma.jobRun.updateMany({
    where: { status: 'running', lockedAt: { lt: new Date(Date.now() - leaseMs) } },
    data: { status: 'queued', lockedBy: null, lockedAt: null },
  })
  return result.count
}

export async function saveStep(run: JobRun, memo: StepMemo) {
  const stepState = { ...(run.stepState as Record<string, StepMemo>), [memo.id]: memo }
  const stepOrder = run.stepOrder.includes(memo.id) ? run.stepOrder : [...run.stepOrder, memo.id]
  return prisma.jobRun.update({
    where: { id: run.id },
    data: { stepState: json(stepState), stepOrder, attempt: 0, waiting: Prisma.JsonNull },
  })
}

/**
 * Moves a run out of a worker's hands (to retry, to sleep, back to the queue)
 * unless an admin asked to cancel it meanwhile: then it ends cancelled.
 * Answers whether it moved.
 */
async function leaveWorker(run: JobRun, data: Prisma.JobRunUpdateManyMutationInput): Promise<boolean> {
  const moved = await prisma.jobRun.updateMany({
    where: { id: run.id, status: 'running', cancelRequestedAt: null },
    data: { ...data, lockedBy: null, lockedAt: null },
  })
  if (moved.count > 0) return true
  await prisma.jobRun.updateMany({
    where: { id: run.id, status: 'running', cancelRequestedAt: { not: null } },
    data: { status: 'cancelled', finishedAt: new Date(), lockedBy: null, lockedAt: null },
  })
  return false
}

export async function scheduleRetry(run: JobRun, at: Date, error: unknown): Promise<boolean> {
  return leaveWorker(run, { status: 'queued', attempt: run.attempt + 1, runAfter: at, error: json(error) })
}

export async function putToSleep(run: JobRun, waiting: Waiting): Promise<boolean> {
  return leaveWorker(run, { status: 'sleeping', waiting: json(waiting), runAfter: new Date(waiting.until) })
}

export async function releaseRun(run: JobRun): Promise<boolean> {
  return leaveWorker(run, { status: 'queued' })
}

export type RunOutcome = { status: 'completed'; output: unknown } | { status: 'failed'; error: unknown } | { status: 'cancelled' }

export async function finishRun(run: JobRun, outcome: RunOutcome) {
  await prisma.jobRun.update({
    where: { id: run.id },
    data: {
      status: outcome.status,
      output: outcome.status === 'completed' ? json(outcome.output) : undefined,
      // A cancelled run keeps the error of its last attempt, if any.
      error: outcome.status === 'failed' ? json(outcome.error) : outcome.status === 'completed' ? Prisma.JsonNull : undefined,
      finishedAt: new Date(),
      lockedBy: null,
      lockedAt: null,
    },
  })
}

/** True once an admin asked to cancel the run: the runner checks before each step. */
export async function cancelRequested(runId: string): Promise<boolean> {
  const row = await prisma.jobRun.findUnique({ where: { id: runId }, select: { cancelRequestedAt: true } })
  return row?.cancelRequestedAt != null
}

export async function lastCronTick(functionId: string): Promise<Date | null> {
  const row = await prisma.jobRun.findFirst({
    where: { functionId, eventName: 'inngest/scheduled.timer' },
    orderBy: { createdAt: 'desc' },
    select: { events: true },
  })
  const ts = (row?.events as { ts?: number }[] | undefined)?.[0]?.ts
  return typeof ts === 'number' ? new Date(ts) : null
}

/** True while some run of these functions is executing or comes due within the horizon. */
export async function hasDueOrRunningRuns(functionIds: string[], horizonMs = 0): Promise<boolean> {
  const due = await prisma.jobRun.count({
    where: {
      functionId: { in: functionIds },
      OR: [
        { status: 'running' },
        { status: { in: ['queued', 'sleeping'] }, runAfter: { lte: new Date(Date.now() + horizonMs) } },
      ],
    },
  })
  return due > 0
}
