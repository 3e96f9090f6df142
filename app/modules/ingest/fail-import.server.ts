import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { importActor } from './import-actor.server'

/**
 * A stage failed for good (not a row: row errors never fail an import): the
 * import shows `failed` with the reason, its running extraction too. What
 * was landed and merged before stays (docs/decisions/030). A paused or
 * cancelled import keeps its status.
 */
export async function failImport(options: { importFileId: string; reason: string }): Promise<{ status: string }> {
  const reason = options.reason.slice(0, 2000)
  return prisma.$transaction(async (tx) => {
    const importFile = await tx.importFile.findUniqueOrThrow({ where: { id: options.importFileId } })
    if (!['queued', 'running'].includes(importFile.status)) return { status: importFile.status }
    await tx.importFile.update({ where: { id: importFile.id }, data: { status: 'failed', error: reason, finishedAt: new Date() } })
    await tx.importExtraction.updateMany({ where: { importFileId: importFile.id, status: 'running' }, data: { status: 'failed' } })
    await recordAudit(tx, {
      actor: await importActor(importFile),
      organizationId: importFile.organizationId,
      action: 'import.failed',
      target: { type: 'import', id: importFile.id },
      summary: { after: { stage: importFile.stage, error: reason } },
    })
    return { status: 'failed' }
  })
}
