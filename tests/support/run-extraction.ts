import { completeExtraction } from '~/modules/ingest/complete-extraction.server'
import { processExtractionChunk } from '~/modules/ingest/process-extraction-chunk.server'
import { startExtraction } from '~/modules/ingest/start-extraction.server'

/** PARSE → RECORD of a landed import, chunk by chunk, the way the Inngest function drives it. */
export async function runExtraction(importFileId: string, options: { maxRows?: number } = {}) {
  const extraction = await startExtraction({ importFileId })
  let chunks = 0
  for (;;) {
    const outcome = await processExtractionChunk({ extractionId: extraction.id, maxRows: options.maxRows })
    if (outcome.kind === 'stopped') throw new Error(`The import stopped: ${outcome.status}`)
    if (outcome.kind === 'done' || outcome.done) break
    chunks++
  }
  const completed = await completeExtraction({ extractionId: extraction.id })
  if (completed.kind === 'stopped') throw new Error(`The import stopped before RECORD: ${completed.status}`)
  return { ...completed, chunks }
}
