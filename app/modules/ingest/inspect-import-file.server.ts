import { Buffer } from 'node:buffer'
import { systemActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { detectTextFormat, SampleTooShort, type TextFormat } from './detect-text-format.server'
import { headerDisplayNames } from './header-display-names'
import { openStoredFile } from './upload-store.server'
import { DEFAULT_MAX_ROW_BYTES } from './read-csv-rows.server'

const FIRST_SAMPLE_BYTES = 64 * 1024

export type ImportFileInspection = Omit<TextFormat, 'dataStart'> & {
  /** Distinct names for the header's columns (derived, not stored: headerDisplayNames). */
  displayNames: string[]
}

/**
 * LAND's first step: reads the start of the import's file, refuses what is
 * not delimited text (AppError `import_file_empty`, `import_file_binary`,
 * `import_file_unsupported_encoding`, `import_file_unreadable`; nothing is
 * stored then), and stores the encoding, delimiter, line end and header row
 * on `import_files`. Before any row has landed it also sets LAND's cursor to
 * the first data row. Running it again finds the same and moves nothing.
 */
export async function inspectImportFile({ importFileId }: { importFileId: string }): Promise<ImportFileInspection> {
  const file = await prisma.importFile.findUnique({
    where: { id: importFileId },
    select: { id: true, organizationId: true, storage: true, storageKey: true },
  })
  if (!file) throw new AppError('import_not_found', 'No such import.', 404)

  const format = await readTextFormat(file)
  const { dataStart, ...inspection } = format
  return withAudit(
    {
      actor: systemActor('imports', { organizationId: file.organizationId }),
      action: 'import.inspected',
      target: { type: 'import_file', id: file.id },
    },
    async (tx) => {
      await tx.importFile.update({
        where: { id: file.id },
        data: { encoding: format.encoding, delimiter: format.delimiter, lineEnding: format.lineEnding, header: format.header },
      })
      await tx.importFile.updateMany({
        where: { id: file.id, landNextRowNo: 1, rowCount: null },
        data: { landByteOffset: BigInt(dataStart) },
      })
      return {
        result: { ...inspection, displayNames: headerDisplayNames(format.header) },
        summary: { encoding: format.encoding, delimiter: format.delimiter, lineEnding: format.lineEnding, columns: format.header.length },
      }
    },
  )
}

async function readTextFormat(file: { storage: string; storageKey: string }): Promise<TextFormat> {
  for (let size = FIRST_SAMPLE_BYTES; ; size *= 4) {
    const sample = await readStart(file, size)
    try {
      return detectTextFormat(sample)
    } catch (error) {
      if (!(error instanceof SampleTooShort)) throw error
      if (size >= DEFAULT_MAX_ROW_BYTES) {
        throw new AppError(
          'import_file_unreadable',
          'The first row of this file is longer than 16 MiB: it does not look like a delimited text file.',
          422,
        )
      }
    }
  }
}

/** Up to `size` bytes from the file's start, and whether that is the whole file. */
async function readStart(file: { storage: string; storageKey: string }, size: number) {
  const stream = await openStoredFile({ storage: file.storage, storageKey: file.storageKey, start: 0 })
  const chunks: Buffer[] = []
  let length = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk)
      length += chunk.length
      if (length > size) return { sample: Buffer.concat(chunks).subarray(0, size), complete: false }
    }
    return { sample: Buffer.concat(chunks), complete: true }
  } finally {
    stream.destroy()
  }
}
