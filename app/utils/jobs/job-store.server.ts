import { randomUUID } from 'node:crypto'
import { prisma, Prisma } from '~/utils/db.server'
import type { JobRun } from '~/generated/prisma/client.ts'

/** The state of a run the executor needs between invocations. */
export type StepMemo = { id: string; data?: unknown; error?: unknown }
export type Waiting = { kind: 'sleep'; stepId: string; until: string }
export type QueuedEvent = { id: string; name: string; data: Record<string, unknown>; ts: number; user?: unknown }

const json = (value: unknown) => (value === undefined ? Prisma.JsonNull : (value as Prisma.InputJsonValue))

export async function insertRuns(
  runs: { functionId: string; event: QueuedEvent; dedupeKey: string; requestId?: string }[],
): Promise<string[]> {
  if (runs.length === 0) return []
  const rows = runs.map((r) => ({
    id: randomUUID(),
    functionId: r.functionId,
    eventName: r.event.name,
    events: [r.event] as unknown as Prisma.InputJsonValue,
    dedupeKey: r.dedupeKey,
    requestId: r.requestId ?? null,
  }))
  // Inngest ignores an event id it has already seen for a function; so do we.
  await prisma.jobRun.createMany({ data: rows, skipDuplicates: true })
  return rows.map((r) => r.id)
}

/**
 * Takes the next due run for this worker. SKIP LOCKED lets several processes
 * share one database without running anything twice.
 */
export async function claimNextRun(workerId: string): Promise<JobRun | null> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    UPDATE job_runs SET status = 'running', locked_by = ${workerId}, locked_at = now(), updated_at = now()
     WHERE id = (
       SELECT id FROM job_runs
        WHERE status IN ('queued', 'sleeping') AND run_after <= now()
        ORDER BY run_after, created_at
        LIMIT 1
        FOR UPDATE SKIP LOCKED)
    RETURNING id`
  const id = rows[0]?.id
  return id ? prisma.jobRun.findUnique({ where: { id } }) : null
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

export async function scheduleRetry(run: JobRun, at: Date, error: unknown) {
  await prisma.jobRun.update({
    where: { id: run.id },
    data: { status: 'queued', attempt: run.attempt + 1, runAfter: at, error: json(error), lockedBy: null, lockedAt: null },
  })
}

export async function putToSleep(run: JobRun, waiting: Waiting) {
  await prisma.jobRun.update({
    where: { id: run.id },
    data: { status: 'sleeping', waiting: json(waiting), runAfter: new Date(waiting.until), lockedBy: null, lockedAt: null },
  })
}

export async function finishRun(run: JobRun, outcome: { status: 'completed'; output: unknown } | { status: 'failed'; error: unknown }) {
  await prisma.jobRun.update({
    where: { id: run.id },
    data: {
      status: outcome.status,
      output: outcome.status === 'completed' ? json(outcome.output) : undefined,
      error: outcome.status === 'failed' ? json(outcome.error) : Prisma.JsonNull,
      finishedAt: new Date(),
      lockedBy: null,
      lockedAt: null,
    },
  })
}

export async function releaseRun(run: JobRun) {
  await prisma.jobRun.updateMany({
    where: { id: run.id, status: 'running' },
    data: { status: 'queued', lockedBy: null, lockedAt: null },
  })
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

/** True while some run is executing or comes due within the horizon. */
export async function hasDueOrRunningRuns(horizonMs = 0): Promise<boolean> {
  const due = await prisma.jobRun.count({
    where: {
      OR: [
        { status: 'running' },
        { status: { in: ['queued', 'sleeping'] }, runAfter: { lte: new Date(Date.now() + horizonMs) } },
      ],
    },
  })
  return due > 0
}
