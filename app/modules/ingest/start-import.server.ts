import { Readable } from 'node:stream'
import { AppError, isAppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { createImport, type CreateImportOptions } from './create-import.server'
import { discardStoredUpload } from './discard-stored-upload.server'
import { findPreviousImport, type PreviousImport } from './find-previous-import.server'
import { getImport } from './get-import.server'
import type { ImportSummary } from './import-summary.server'
import { recordsToCsv, type ApiRecord } from './records-csv'
import { storeUploadFile } from './store-upload-file.server'

/** The most records one request may push; more go in a file (multipart or a tus upload). */
export const MAX_PUSHED_RECORDS = 10_000

export type StartImportSource =
  /** A complete tus upload of the organization. */
  | { uploadId: string }
  /** A file the server holds for the request (a multipart part), streamed into the upload store. */
  | { file: { filename: string; byteSize: number; stream: () => Readable } }
  /** Rows pushed as JSON, written as one UTF-8 CSV file. */
  | { records: readonly ApiRecord[]; filename?: string | null }

/**
 * Starts an import from whatever carries the file: an upload id, a file,
 * or records. A file or records are first stored as a complete upload, so
 * LAND reads every source the same way; then `createImport` validates and
 * records the import and the pipeline takes it. Says whether the
 * organization imported a file with the same SHA-256 before (the caller may
 * pass `rerunOfId` to mark this a re-run of it). The API and the app call this.
 */
export async function startImport(
  options: Omit<CreateImportOptions, 'source'> & { source: StartImportSource },
): Promise<{ import: ImportSummary; previousImport: PreviousImport | null }> {
  const { organizationId, actor, source } = options
  let uploadId: string
  let stored = false
  if ('uploadId' in source) {
    uploadId = source.uploadId
  } else if ('file' in source) {
    const upload = await storeUploadFile({ organizationId, actor, filename: source.file.filename, byteSize: source.file.byteSize, stream: source.file.stream() })
    uploadId = upload.id
    stored = true
  } else {
    if (source.records.length > MAX_PUSHED_RECORDS) {
      throw new AppError('too_many_records', `Push at most ${MAX_PUSHED_RECORDS.toLocaleString('en-US')} records per request; send larger sets as a file.`, 413, {
        maxRecords: MAX_PUSHED_RECORDS,
      })
    }
    const csv = Buffer.from(recordsToCsv(source.records), 'utf8')
    const filename = source.filename?.trim() || `records-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`
    const upload = await storeUploadFile({ organizationId, actor, filename, byteSize: csv.length, stream: Readable.from([csv]) })
    uploadId = upload.id
    stored = true
  }

  const upload = await prisma.upload.findFirst({ where: { id: uploadId, organizationId }, select: { sha256: true } })
  const previousImport = upload?.sha256 ? await findPreviousImport({ organizationId, sha256: upload.sha256 }) : null
  try {
    const importFile = await createImport({
      organizationId,
      actor,
      source: { uploadId },
      class: options.class,
      verticalKey: options.verticalKey,
      complianceKind: options.complianceKind,
      parser: options.parser,
      columnMap: options.columnMap,
      rerunOfId: options.rerunOfId,
    })
    return { import: await getImport({ organizationId, importFileId: importFile.id }), previousImport }
  } catch (error) {
    // A file this request stored and no import took is not kept.
    if (stored) await discardStoredUpload({ organizationId, uploadId, actor })
    if (isAppError(error) && error.code === 'upload_incomplete') {
      // Not a state to remember under an Idempotency-Key: the same request succeeds once the upload completes.
      throw new AppError('upload_incomplete', 'The upload has not received all its bytes yet: finish it (HEAD, then PATCH from Upload-Offset) and try again.', 422)
    }
    throw error
  }
}
