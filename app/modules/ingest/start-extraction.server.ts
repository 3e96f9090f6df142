import type { ImportExtraction } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { chooseParser } from './choose-parser'

/**
 * The extraction PARSE → RECORD works on: the running one (a resumed or
 * re-requested import), else a new first extraction with the operator's
 * parser or column map, or the parser detection picks from the header.
 */
export async function startExtraction(options: { importFileId: string }): Promise<ImportExtraction> {
  const running = await prisma.importExtraction.findFirst({
    where: { importFileId: options.importFileId, status: 'running' },
    orderBy: { number: 'desc' },
  })
  if (running) return running

  const importFile = await prisma.importFile.findUniqueOrThrow({ where: { id: options.importFileId } })
  const header = importFile.header as string[] | null
  if (!header) throw new AppError('import_not_landed', 'The file has not been read yet', 409)
  const choice = chooseParser({ header, parserKey: importFile.parserKey, parserVersion: importFile.parserVersion, columnMap: importFile.columnMap })

  const last = await prisma.importExtraction.findFirst({ where: { importFileId: importFile.id }, orderBy: { number: 'desc' } })
  if (last) throw new AppError('import_already_extracted', 'This import was extracted; ask for a re-extraction', 409)
  return prisma.importExtraction.create({
    data: {
      importFileId: importFile.id,
      number: 1,
      parserKey: choice.key,
      parserVersion: choice.version,
      columnMap: choice.columnMap ?? undefined,
      confidence: choice.confidence,
      reasons: choice.reasons,
    },
  })
}
