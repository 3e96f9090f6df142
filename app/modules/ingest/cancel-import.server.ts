import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

/**
 * Cancels an import for good: it shows `cancelled` at once and its run stops
 * after the chunk in progress. What is done stays done (docs/decisions/030):
 * landed rows stay in file_rows, and every chunk merged before the cancel
 * stays in the graph with its provenance; nothing more is merged.
 */
export async function cancelImport(options: { organizationId: string; importFileId: string; actor: Actor }) {
  return withAudit({ actor: options.actor, action: 'import.cancelled', organizationId: options.organizationId }, async (tx) => {
    const changed = await tx.importFile.updateMany({
      where: { id: options.importFileId, organizationId: options.organizationId, status: { in: ['queued', 'running', 'paused'] } },
      data: { status: 'cancelled', finishedAt: new Date() },
    })
    if (changed.count === 0) {
      const current = await tx.importFile.findFirst({ where: { id: options.importFileId, organizationId: options.organizationId }, select: { status: true } })
      if (!current) throw new AppError('import_not_found', 'No such import', 404)
      throw new AppError('import_finished', `The import is ${current.status} and cannot be cancelled`, 409)
    }
    await tx.importExtraction.updateMany({ where: { importFileId: options.importFileId, status: 'running' }, data: { status: 'failed' } })
    return { result: { status: 'cancelled' as const }, target: { type: 'import', id: options.importFileId } }
  })
}
