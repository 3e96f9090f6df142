import type { ImportStatus } from '~/generated/prisma/client.ts'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { prisma, Prisma } from '~/utils/db.server'
import type { Counts } from './add-counts'
import { importActor } from './import-actor.server'
import { stageProgress, type ImportProgress } from './import-progress'

export type StoppedImport = { kind: 'stopped'; status: ImportStatus }

export type CompletedImport = {
  kind: 'completed'
  importFileId: string
  organizationId: string
  extractionId: string
  extractionNumber: number
  counts: Counts
}

/**
 * RECORD: once every landed row of the extraction is merged, its counts
 * become the import's, it becomes the current extraction (earlier ones are
 * superseded: their row errors go, the graph facts they merged stay), and
 * the import is completed with one audit entry, in one transaction.
 * Calling it again for a completed extraction returns the same result.
 */
export async function completeExtraction(options: { extractionId: string; now?: Date }): Promise<CompletedImport | StoppedImport> {
  const now = options.now ?? new Date()
  // Read before the transaction holds a connection (see processExtractionChunk).
  const owner = await prisma.importExtraction.findUniqueOrThrow({
    where: { id: options.extractionId },
    select: { importFile: { select: { organizationId: true, createdByUserId: true, createdByApiKeyId: true } } },
  })
  const actor = await importActor(owner.importFile)
  return prisma.$transaction(async (tx) => {
    // The import first, as pause and cancel lock it: one that arrived after the last chunk wins over RECORD.
    await tx.$queryRaw`SELECT 1 FROM import_files WHERE id = (SELECT import_file_id FROM import_extractions WHERE id = ${options.extractionId}::uuid) FOR UPDATE`
    await tx.$queryRaw`SELECT 1 FROM import_extractions WHERE id = ${options.extractionId}::uuid FOR UPDATE`
    const extraction = await tx.importExtraction.findUniqueOrThrow({
      where: { id: options.extractionId },
      include: { importFile: true },
    })
    const importFile = extraction.importFile
    const result = {
      kind: 'completed' as const,
      importFileId: importFile.id,
      organizationId: importFile.organizationId,
      extractionId: extraction.id,
      extractionNumber: extraction.number,
    }
    if (extraction.status === 'completed') return { ...result, counts: importFile.counts as Counts }
    if (importFile.status !== 'running' || extraction.status !== 'running') return { kind: 'stopped' as const, status: importFile.status }
    if (importFile.rowCount === null || extraction.nextRowNo <= importFile.rowCount) {
      throw new AppError('extraction_incomplete', 'Rows of this import are still being merged', 409)
    }

    const rows = importFile.rowCount
    const counts: Counts = { ...(extraction.counts as Counts), rows }
    const earlier = await tx.importExtraction.findMany({
      where: { importFileId: importFile.id, id: { not: extraction.id }, status: { in: ['completed', 'failed'] } },
      select: { id: true },
    })
    if (earlier.length) {
      await tx.importRowError.deleteMany({ where: { extractionId: { in: earlier.map((e) => e.id) } } })
      await tx.importExtraction.updateMany({ where: { id: { in: earlier.map((e) => e.id) } }, data: { status: 'superseded' } })
    }
    await tx.importExtraction.update({ where: { id: extraction.id }, data: { status: 'completed', finishedAt: now } })
    const progress = (importFile.progress ?? {}) as ImportProgress
    progress.record = stageProgress({ done: rows, total: rows, startedAt: now, now, finished: true })
    for (const stage of ['parse', 'resolve', 'merge'] as const) {
      const current = progress[stage]
      if (current && !current.finishedAt) current.finishedAt = now.toISOString()
    }
    await tx.importFile.update({
      where: { id: importFile.id },
      data: {
        counts: counts as Prisma.InputJsonValue,
        parserKey: extraction.parserKey,
        parserVersion: extraction.parserVersion,
        columnMap: (extraction.columnMap ?? Prisma.DbNull) as Prisma.InputJsonValue,
        stage: 'done',
        status: 'completed',
        progress: progress as Prisma.InputJsonValue,
        error: null,
        finishedAt: now,
      },
    })
    await recordAudit(tx, {
      actor,
      organizationId: importFile.organizationId,
      action: extraction.number > 1 ? 'import.reextracted' : 'import.completed',
      target: { type: 'import', id: importFile.id },
      summary: {
        after: {
          filename: importFile.filename,
          class: importFile.class,
          extraction: extraction.number,
          parser: `${extraction.parserKey}@${extraction.parserVersion}`,
          counts,
        },
      },
    })
    return { ...result, counts }
  })
}
