import type { ImportStatus } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'

export type RunStart =
  | { kind: 'running'; organizationId: string; landed: boolean; inspected: boolean }
  | { kind: 'stopped'; status: ImportStatus }

/**
 * The first step of every run of an import: a queued import becomes
 * running; a running one (its last run died, or the event came again) goes
 * on from its cursors; a paused, cancelled, completed or failed one is left
 * alone and the run ends.
 */
export async function beginImportRun(options: { importFileId: string }): Promise<RunStart> {
  await prisma.importFile.updateMany({ where: { id: options.importFileId, status: 'queued' }, data: { status: 'running' } })
  const importFile = await prisma.importFile.findUnique({
    where: { id: options.importFileId },
    select: { status: true, organizationId: true, rowCount: true, header: true },
  })
  if (!importFile) throw new AppError('import_not_found', 'No such import', 404)
  if (importFile.status !== 'running') return { kind: 'stopped', status: importFile.status }
  return { kind: 'running', organizationId: importFile.organizationId, landed: importFile.rowCount !== null, inspected: importFile.header !== null }
}
