import { randomUUID } from 'node:crypto'
import { inngest } from '../../../inngest/client'
import { importRequestedEvent } from '../../../inngest/events'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

/**
 * Resumes a paused import, or retries a failed one (an outage that outlasted
 * the retries, in LAND or later): it is queued again and its run continues
 * from LAND's byte offset and the extraction's row cursor; nothing done is
 * done again. A failed import's last extraction runs on from where it stopped.
 */
export async function resumeImport(options: { organizationId: string; importFileId: string; actor: Actor }) {
  const { result, importFile } = await withAudit({ actor: options.actor, action: 'import.resumed', organizationId: options.organizationId }, async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM import_files WHERE id = ${options.importFileId}::uuid AND organization_id = ${options.organizationId}::uuid FOR UPDATE`
    const current = await tx.importFile.findFirst({ where: { id: options.importFileId, organizationId: options.organizationId }, select: { id: true, organizationId: true, status: true } })
    if (!current) throw new AppError('import_not_found', 'No such import', 404)
    if (current.status !== 'paused' && current.status !== 'failed') {
      throw new AppError('import_not_resumable', `The import is ${current.status}; only a paused or failed import can be resumed`, 409)
    }
    if (current.status === 'failed') {
      const last = await tx.importExtraction.findFirst({ where: { importFileId: current.id }, orderBy: { number: 'desc' }, select: { id: true, status: true } })
      if (last?.status === 'failed') await tx.importExtraction.update({ where: { id: last.id }, data: { status: 'running' } })
    }
    await tx.importFile.update({ where: { id: current.id }, data: { status: 'queued', error: null, finishedAt: null } })
    return {
      result: { result: { status: 'queued' as const }, importFile: current },
      target: { type: 'import', id: current.id },
      summary: { before: { status: current.status }, after: { status: 'queued' } },
    }
  })
  await inngest.send(importRequestedEvent(importFile, 'resumed', randomUUID()))
  return result
}
