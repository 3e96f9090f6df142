import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import type { Counts } from './add-counts'
import { importCreators } from './import-creators.server'
import { importStageBars, type StageBar } from './import-stage-bars'

/**
 * One import of the organization as its page shows it: the file, status,
 * the three stage bars, the counts (the running extraction's while it runs,
 * RECORD's once done), the latest extraction's parser, and who started it.
 * Another organization's import is "not found" (404), never "forbidden".
 */
export async function getImportDetail(options: { organizationId: string; importFileId: string }) {
  const file = await prisma.importFile.findFirst({
    where: { id: options.importFileId, organizationId: options.organizationId },
    include: {
      vertical: { select: { key: true, name: true } },
      extractions: { orderBy: { number: 'desc' }, take: 1, select: { id: true, number: true, parserKey: true, parserVersion: true, columnMap: true, confidence: true, reasons: true, status: true, counts: true } },
    },
  })
  if (!file) throw new AppError('import_not_found', 'No such import', 404)
  const creator = await importCreators([file])
  const extraction = file.extractions[0] ?? null
  const recorded = file.counts as Counts
  const counts = Object.keys(recorded).length > 0 && file.status === 'completed' ? recorded : ((extraction?.counts as Counts | undefined) ?? {})
  const stages: StageBar[] = importStageBars(file)
  return {
    id: file.id,
    filename: file.filename,
    byteSize: Number(file.byteSize),
    sha256: file.sha256,
    class: file.class,
    vertical: file.vertical,
    complianceKind: file.complianceKind,
    status: file.status,
    stage: file.stage,
    rowCount: file.rowCount,
    header: (file.header as string[] | null) ?? null,
    error: file.error,
    rerunOfId: file.rerunOfId,
    createdAt: file.createdAt,
    finishedAt: file.finishedAt,
    createdBy: creator(file),
    extraction: extraction && {
      id: extraction.id,
      number: extraction.number,
      parserKey: extraction.parserKey,
      parserVersion: extraction.parserVersion,
      columnMap: extraction.columnMap as Record<string, string> | null,
      confidence: extraction.confidence,
      reasons: extraction.reasons,
      status: extraction.status,
    },
    counts,
    stages,
  }
}

export type ImportDetail = Awaited<ReturnType<typeof getImportDetail>>
