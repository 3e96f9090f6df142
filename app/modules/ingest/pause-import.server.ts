import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

/**
 * Pauses a queued or running import: it shows `paused` at once, and its run
 * stops after the chunk in progress (each chunk commits with its cursor, so
 * nothing is half done). `resumeImport` continues from the cursors.
 */
export async function pauseImport(options: { organizationId: string; importFileId: string; actor: Actor }) {
  return withAudit({ actor: options.actor, action: 'import.paused', organizationId: options.organizationId }, async (tx) => {
    const changed = await tx.importFile.updateMany({
      where: { id: options.importFileId, organizationId: options.organizationId, status: { in: ['queued', 'running'] } },
      data: { status: 'paused' },
    })
    if (changed.count === 0) {
      const current = await tx.importFile.findFirst({ where: { id: options.importFileId, organizationId: options.organizationId }, select: { status: true } })
      if (!current) throw new AppError('import_not_found', 'No such import', 404)
      throw new AppError('import_not_running', `The import is ${current.status}; only a queued or running import can be paused`, 409)
    }
    return { result: { status: 'paused' as const }, target: { type: 'import', id: options.importFileId } }
  })
}
