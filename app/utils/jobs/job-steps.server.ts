import { prisma, Prisma } from '~/utils/db.server'

/**
 * Step timing, written as the in-process runner executes: one row per step
 * of a run, holding the start of its first attempt and how its latest attempt
 * went. The job-run pages read it; the runner never does.
 */

type StepRef = { jobRunId: string; stepId: string; kind: 'run' | 'sleep' }

/** A step is about to execute (or a sleep begins). */
export async function recordStepStarted(step: StepRef & { name: string; at: Date; workerId: string; status?: 'running' | 'sleeping' }) {
  const status = step.status ?? 'running'
  await prisma.jobRunStep.upsert({
    where: { jobRunId_stepId: { jobRunId: step.jobRunId, stepId: step.stepId } },
    create: { jobRunId: step.jobRunId, stepId: step.stepId, name: step.name, kind: step.kind, status, startedAt: step.at, workerId: step.workerId },
    update: { status, workerId: step.workerId, finishedAt: null },
  })
}

/** An attempt ended: `completed`, `errored` (it will be retried) or `failed` (its last attempt). */
export async function recordStepFinished(
  step: StepRef & {
    /** Unset: keep the name recorded when the step started. */
    name?: string
    startedAt: Date
    finishedAt: Date
    status: 'completed' | 'errored' | 'failed'
    error?: unknown
    workerId: string
    /** A sleep is not an attempt. */
    countsAsAttempt?: boolean
  },
) {
  const durationMs = Math.max(0, step.finishedAt.getTime() - step.startedAt.getTime())
  const error = step.error === undefined ? Prisma.DbNull : (step.error as Prisma.InputJsonValue)
  const attempts = step.countsAsAttempt === false ? 0 : 1
  await prisma.jobRunStep.upsert({
    where: { jobRunId_stepId: { jobRunId: step.jobRunId, stepId: step.stepId } },
    create: {
      jobRunId: step.jobRunId,
      stepId: step.stepId,
      name: step.name ?? step.stepId,
      kind: step.kind,
      status: step.status,
      attempts,
      startedAt: step.startedAt,
      finishedAt: step.finishedAt,
      durationMs,
      error,
      workerId: step.workerId,
    },
    update: {
      ...(step.name ? { name: step.name } : {}),
      status: step.status,
      attempts: { increment: attempts },
      finishedAt: step.finishedAt,
      durationMs,
      error,
      workerId: step.workerId,
    },
  })
}

/** When a sleep step began (to time it once the run wakes). */
export async function stepStartedAt(jobRunId: string, stepId: string): Promise<Date | null> {
  const row = await prisma.jobRunStep.findUnique({ where: { jobRunId_stepId: { jobRunId, stepId } }, select: { startedAt: true } })
  return row?.startedAt ?? null
}
