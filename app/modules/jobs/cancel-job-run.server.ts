import type { UserActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { pauseImportOfCancelledRun } from '~/modules/ingest/pause-import-of-cancelled-run.server'
import { AppError } from '~/utils/app-error'
import { jobRunScope, type JobRunViewer } from './job-run-viewer.server'

export type CancelOutcome = 'cancelled' | 'cancelling'

/**
 * Cancels a run that has not finished. A queued or sleeping run ends at
 * once; a running one is marked, and its runner stops it before its next
 * step (a step already executing finishes and keeps its result). Audited;
 * another organization's run is "not found".
 */
export async function cancelJobRun(options: { viewer: JobRunViewer; actor: UserActor; runId: string }): Promise<CancelOutcome> {
  return withAudit({ actor: options.actor, action: 'job_run.cancelled', target: { type: 'job_run', id: options.runId } }, async (tx) => {
    const run = await tx.jobRun.findFirst({
      where: { AND: [{ id: options.runId }, jobRunScope(options.viewer)] },
      select: { id: true, functionId: true, eventName: true, organizationId: true, events: true },
    })
    if (!run) throw new AppError('job_run_not_found', 'No such job run.', 404)
    // One statement, so a worker claiming the run at this moment either sees it cancelled or is asked to stop it.
    const [changed] = await tx.$queryRaw<{ status: string }[]>`
      UPDATE job_runs
         SET status = CASE WHEN status IN ('queued', 'sleeping') THEN 'cancelled'::"JobRunStatus" ELSE status END,
             finished_at = CASE WHEN status IN ('queued', 'sleeping') THEN now() ELSE finished_at END,
             cancel_requested_at = now(), updated_at = now()
       WHERE id = ${run.id}::uuid AND status IN ('queued', 'sleeping', 'running') AND cancel_requested_at IS NULL
      RETURNING status`
    if (!changed) throw new AppError('job_run_finished', 'This run has already finished or is being cancelled.', 409)
    const outcome: CancelOutcome = changed.status === 'cancelled' ? 'cancelled' : 'cancelling'
    // Work a run leaves half done is put where its owner can take it up again.
    const pausedImport = run.functionId === 'ingest-run-import' ? await pauseImportOfCancelledRun(tx, run) : null
    return {
      result: outcome,
      organizationId: run.organizationId ?? options.actor.organizationId,
      summary: { functionId: run.functionId, eventName: run.eventName, outcome, ...(pausedImport ? { pausedImport } : {}) },
    }
  })
}
