import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { importSummary, importSummarySelect, type ImportSummary } from './import-summary.server'

/** The organization's import: status, stage, progress per stage and counts. Another organization's, or none, is the same 404. */
export async function getImport({ organizationId, importFileId }: { organizationId: string; importFileId: string }): Promise<ImportSummary> {
  const row = await prisma.importFile.findFirst({ where: { id: importFileId, organizationId }, include: importSummarySelect })
  if (!row) throw new AppError('import_not_found', 'There is no such import in this organization.', 404)
  return importSummary(row)
}
