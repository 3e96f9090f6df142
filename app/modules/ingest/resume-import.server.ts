import { randomUUID } from 'node:crypto'
import { inngest } from '../../../inngest/client'
import { importRequestedEvent } from '../../../inngest/events'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

/** Resumes a paused import: it is queued again and its run continues from LAND's byte offset and the extraction's row cursor. */
export async function resumeImport(options: { organizationId: string; importFileId: string; actor: Actor }) {
  const result = await withAudit({ actor: options.actor, action: 'import.resumed', organizationId: options.organizationId }, async (tx) => {
    const changed = await tx.importFile.updateMany({
      where: { id: options.importFileId, organizationId: options.organizationId, status: 'paused' },
      data: { status: 'queued' },
    })
    if (changed.count === 0) {
      const current = await tx.importFile.findFirst({ where: { id: options.importFileId, organizationId: options.organizationId }, select: { status: true } })
      if (!current) throw new AppError('import_not_found', 'No such import', 404)
      throw new AppError('import_not_paused', `The import is ${current.status}; only a paused import can be resumed`, 409)
    }
    return { result: { status: 'queued' as const }, target: { type: 'import', id: options.importFileId } }
  })
  await inngest.send(importRequestedEvent(options.importFileId, 'resumed', randomUUID()))
  return result
}
