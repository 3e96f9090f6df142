import { redactSecrets } from '~/modules/audit/redact'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import type { JobRunStatus } from './job-run-filters'
import { errorSummary, runAttempts, runDurationMs } from './job-run-summary.server'
import { jobRunScope, type JobRunViewer } from './job-run-viewer.server'

export type JobRunStep = {
  id: string
  name: string
  kind: string
  status: 'running' | 'sleeping' | 'completed' | 'errored' | 'failed'
  attempts: number
  startedAt: string
  finishedAt: string | null
  durationMs: number | null
  error: string | null
}

export type JobRunDetail = {
  id: string
  functionId: string
  eventName: string
  status: JobRunStatus
  attempts: number
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  durationMs: number | null
  error: string | null
  cancelRequested: boolean
  organization: { id: string; name: string } | null
  requestId: string | null
  /** The triggering event, secrets redacted. */
  event: unknown
  steps: JobRunStep[]
  canRetry: boolean
  canCancel: boolean
}

/** A run the viewer may see, with its steps in the order they ran; another organization's run is "not found". */
export async function getJobRun(options: { viewer: JobRunViewer; runId: string; now?: Date }): Promise<JobRunDetail> {
  const run = /^[0-9a-f-]{36}$/i.test(options.runId)
    ? await prisma.jobRun.findFirst({
        where: { AND: [{ id: options.runId }, jobRunScope(options.viewer)] },
        include: { steps: { orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] } },
      })
    : null
  if (!run) throw new AppError('job_run_not_found', 'No such job run.', 404)
  const organization = run.organizationId
    ? await prisma.organization.findUnique({ where: { id: run.organizationId }, select: { id: true, name: true } })
    : null
  const [event] = run.events as unknown[]
  return {
    id: run.id,
    functionId: run.functionId,
    eventName: run.eventName,
    status: run.status,
    attempts: runAttempts(run.attempt, Math.max(0, ...run.steps.map((s) => s.attempts))),
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: runDurationMs(run, options.now ?? new Date()),
    error: errorSummary(run.error),
    cancelRequested: run.cancelRequestedAt !== null,
    organization: organization ?? (run.organizationId ? { id: run.organizationId, name: run.organizationId } : null),
    requestId: run.requestId,
    event: redactSecrets(event ?? null),
    steps: run.steps.map((step) => ({
      id: step.id,
      name: step.name,
      kind: step.kind,
      status: step.status,
      attempts: step.attempts,
      startedAt: step.startedAt.toISOString(),
      finishedAt: step.finishedAt?.toISOString() ?? null,
      durationMs: step.durationMs,
      error: errorSummary(step.error),
    })),
    canRetry: run.status === 'failed',
    canCancel: (run.status === 'queued' || run.status === 'sleeping' || run.status === 'running') && run.cancelRequestedAt === null,
  }
}
