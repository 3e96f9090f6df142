import { NonRetriableError } from 'inngest'
import { beginImportRun } from '~/modules/ingest/begin-import-run.server'
import { completeExtraction } from '~/modules/ingest/complete-extraction.server'
import { failImport } from '~/modules/ingest/fail-import.server'
import { broadcastImportProgress } from '~/modules/realtime/broadcast-import-progress.server'
import { pushRoomChange } from '~/modules/realtime/push-room-change.server'
import { pipelineRoomId } from '~/modules/realtime/rooms'
import { isAppError } from '~/utils/app-error'
import { inngest } from '../../client'
import { importCompleted, importRequested, importRequestedEvent } from '../../events'

/** An AppError is the import's own fault (an empty file, no parser fits): retrying will not help. */
async function final<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isAppError(error)) throw new NonRetriableError(error.message, { cause: error })
    throw error
  }
}

// The parsers, resolvers and MERGE are loaded when an import first runs, not with this
// definition: every function is imported on the first event the app sends (the
// in-process runner's event API), often inside a request's transaction.
const extraction = () => import('~/modules/ingest/process-extraction-chunk.server')
const extractionStart = () => import('~/modules/ingest/start-extraction.server')
const land = () => import('~/modules/ingest/land-stage.server')

/** The chunk size of PARSE → MERGE steps; tests set it small. */
export const importChunkRows = { value: 20_000 }

/**
 * Chunk steps one run takes before it hands over to a fresh run of the same
 * import (Inngest caps the steps of a run at 1,000; a 100M-row suppression
 * list needs thousands of chunks). The database holds the cursors, so the
 * next run simply goes on. Tests set it small.
 */
export const chunkStepsPerRun = { value: 400 }

/** The chunk size of LAND steps (rows per COPY; unset, LAND's default); tests set it small. */
export const landChunkRows: { value: number | undefined } = { value: undefined }

/**
 * One import, stage after stage: LAND (one step per chunk of rows, resuming
 * from the stored byte offset), PARSE → RESOLVE → MERGE (one step per chunk,
 * resuming from the extraction's row cursor), RECORD, then
 * `import/completed`. Any trigger (created, resumed, re-extraction) runs the
 * same code; the database says where to go on. One run per import at a time.
 * After every chunk the import's status is read again: paused or cancelled
 * stops the run there. A stage that fails after its retries fails the
 * import with the reason; row errors never do (they are counted and kept).
 */
export const runImport = inngest.createFunction(
  {
    id: 'ingest-run-import',
    name: 'Run an import (LAND → PARSE → RESOLVE → MERGE → RECORD)',
    retries: 3,
    // One run per import; and two imports at a time, whatever the job slots: each holds a few hundred MB while it merges.
    concurrency: [{ limit: 2 }, { key: 'event.data.importFileId', limit: 1 }],
    triggers: [importRequested],
  },
  async ({ event, step }) => {
    const { importFileId } = event.data
    let chunkSteps = 0
    /** Sends the request that continues this import in a new run, named by the cursor it starts from (a retried send is deduplicated). */
    const handOver = async (cursor: string) => {
      await step.sendEvent('continue', importRequestedEvent({ id: importFileId, organizationId: event.data.organizationId }, 'continued', cursor))
      return { status: 'continued' as const, from: cursor }
    }
    try {
      const start = await step.run('begin', () => beginImportRun({ importFileId }))
      if (start.kind === 'stopped') return { status: start.status }
      const { organizationId } = start

      if (!start.landed) {
        if (!start.inspected) await step.run('land-inspect', async () => {
          const { inspectForLand } = await land()
          return final(() => inspectForLand({ importFileId }))
        })
        for (let chunk = 0; ; chunk++) {
          const landed = await step.run(`land-chunk-${chunk}`, async () => {
            const { landNextChunk } = await land()
            const result = await final(() => landNextChunk({ importFileId, maxRows: landChunkRows.value }))
            if (result.kind === 'landed') {
              await broadcastImportProgress({
                organizationId,
                event: { type: 'import.progress', importFileId, status: 'running', stage: 'land', progress: result.progress },
              })
            }
            return result
          })
          if (landed.kind === 'stopped') return { status: landed.status }
          if (landed.done) break
          if (++chunkSteps >= chunkStepsPerRun.value) return await handOver(`land-${landed.nextRowNo}`)
        }
      }

      const current = await step.run('extract-start', async () => {
        const { startExtraction } = await extractionStart()
        const started = await final(() => startExtraction({ importFileId }))
        return { id: started.id, number: started.number }
      })
      for (let chunk = 0; ; chunk++) {
        const outcome = await step.run(`extract-chunk-${chunk}`, async () => {
          const { processExtractionChunk } = await extraction()
          const result = await processExtractionChunk({ extractionId: current.id, maxRows: importChunkRows.value })
          if (result.kind === 'merged') {
            await broadcastImportProgress({
              organizationId,
              event: { type: 'import.progress', importFileId, status: 'running', stage: 'merge', progress: result.progress },
            })
          }
          return result
        })
        if (outcome.kind === 'stopped') return { status: outcome.status }
        if (outcome.kind === 'done' || outcome.done) break
        if (++chunkSteps >= chunkStepsPerRun.value) return await handOver(`extract-${current.id}-${outcome.nextRowNo}`)
      }

      const recorded = await step.run('record', () => final(() => completeExtraction({ extractionId: current.id })))
      if (recorded.kind === 'stopped') return { status: recorded.status }
      const { kind: _kind, ...completed } = recorded
      await step.run('announce', async () => {
        await broadcastImportProgress({
          organizationId,
          event: { type: 'import.progress', importFileId, status: 'completed', stage: 'done', progress: {}, counts: completed.counts },
        })
        // The pipeline overview lists files with their status.
        await pushRoomChange([pipelineRoomId(organizationId)], 'campaign.changed')
      })
      await step.sendEvent('import-completed', importCompleted.create({ ...completed }, { id: `import-completed-${completed.extractionId}` }))
      return { status: 'completed' as const, counts: completed.counts }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      const failed = await step.run('fail', () => failImport({ importFileId, reason }))
      return { status: failed.status, error: reason }
    }
  },
)
