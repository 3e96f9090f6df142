import { inngest } from '../../../inngest/client'
import { importRequestedEvent } from '../../../inngest/events'
import type { ImportExtraction } from '~/generated/prisma/client.ts'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { chooseParser } from './choose-parser'

/**
 * Re-runs PARSE → RECORD over the rows an import already landed, with a new
 * parser version or column map, as a new extraction of the same import: no
 * re-upload, no re-LAND. The earlier extraction's records (its counts and row
 * errors) stay until the new one is merged; the new one's facts win scalar
 * conflicts by recency at equal confidence (docs/decisions/030).
 */
export async function reextractImport(options: {
  organizationId: string
  importFileId: string
  actor: Actor
  parser?: { key: string; version?: number | null } | null
  columnMap?: unknown
}): Promise<ImportExtraction> {
  const extraction = await withAudit(
    { actor: options.actor, action: 'import.reextraction_requested', organizationId: options.organizationId },
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM import_files WHERE id = ${options.importFileId}::uuid FOR UPDATE`
      const importFile = await tx.importFile.findFirst({ where: { id: options.importFileId, organizationId: options.organizationId } })
      if (!importFile) throw new AppError('import_not_found', 'No such import', 404)
      if (!['completed', 'failed'].includes(importFile.status) || importFile.rowCount === null || !importFile.header) {
        throw new AppError('import_not_reextractable', `The import is ${importFile.status}; only a landed import that completed or failed can be re-extracted`, 409)
      }
      const header = importFile.header as string[]
      const choice = chooseParser({
        header,
        parserKey: options.parser?.key ?? (options.columnMap ? 'generic-csv' : importFile.parserKey),
        parserVersion: options.parser ? (options.parser.version ?? null) : null,
        columnMap: options.columnMap ?? (options.parser ? null : importFile.columnMap),
      })
      const last = await tx.importExtraction.findFirst({ where: { importFileId: importFile.id }, orderBy: { number: 'desc' } })
      const created = await tx.importExtraction.create({
        data: {
          importFileId: importFile.id,
          number: (last?.number ?? 0) + 1,
          parserKey: choice.key,
          parserVersion: choice.version,
          columnMap: choice.columnMap ?? undefined,
          confidence: choice.confidence,
          reasons: choice.reasons,
        },
      })
      await tx.importFile.update({ where: { id: importFile.id }, data: { status: 'queued', stage: 'parse', error: null, finishedAt: null } })
      return {
        result: created,
        target: { type: 'import', id: importFile.id },
        summary: { after: { extraction: created.number, parser: `${created.parserKey}@${created.parserVersion}`, columnMap: choice.columnMap } },
      }
    },
  )
  await inngest.send(importRequestedEvent({ id: options.importFileId, organizationId: options.organizationId }, 'reextraction', extraction.id))
  return extraction
}
