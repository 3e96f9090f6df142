import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { Prisma } from '~/utils/db.server'
import { runnerWakeups } from '~/utils/jobs/in-process-runner.server'
import type { StepMemo } from '~/utils/jobs/job-store.server'
import { jobRunScope, type JobRunViewer } from './job-run-viewer.server'

/**
 * Runs a failed run again from the step that failed: the steps that
 * succeeded keep their memoized results (they do not run again), the failed
 * step's failure is forgotten, and the run gets a fresh set of attempts.
 * Audited; another organization's run is "not found".
 */
export async function retryJobRun(options: { viewer: JobRunViewer; actor: UserActor; runId: string }): Promise<void> {
  await withAudit({ actor: options.actor, action: 'job_run.retried', target: { type: 'job_run', id: options.runId } }, async (tx) => {
    const run = await tx.jobRun.findFirst({ where: { AND: [{ id: options.runId }, jobRunScope(options.viewer)] } })
    if (!run) throw new AppError('job_run_not_found', 'No such job run.', 404)
    if (run.status !== 'failed') throw new AppError('job_run_not_failed', `Only a failed run can be retried; this one is ${run.status}.`, 409)
    const memos = run.stepState as Record<string, StepMemo>
    const failed = new Set(Object.values(memos).filter((memo) => memo.error !== undefined).map((memo) => memo.id))
    const kept = Object.fromEntries(Object.entries(memos).filter(([id]) => !failed.has(id)))
    // The status guard makes a double submit, or a retry racing another, change nothing twice.
    const retried = await tx.jobRun.updateMany({
      where: { id: run.id, status: 'failed' },
      data: {
        status: 'queued',
        stepState: kept as Prisma.InputJsonValue,
        stepOrder: run.stepOrder.filter((id) => !failed.has(id)),
        attempt: 0,
        error: Prisma.JsonNull,
        output: Prisma.JsonNull,
        waiting: Prisma.JsonNull,
        finishedAt: null,
        cancelRequestedAt: null,
        runAfter: new Date(),
        lockedBy: null,
        lockedAt: null,
      },
    })
    if (retried.count === 0) throw new AppError('job_run_not_failed', 'Only a failed run can be retried.', 409)
    return {
      result: undefined,
      organizationId: run.organizationId ?? options.actor.organizationId,
      summary: { functionId: run.functionId, eventName: run.eventName, keptSteps: Object.keys(kept).length, failedSteps: failed.size },
    }
  })
  runnerWakeups.emit('queued')
}
