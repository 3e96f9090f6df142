import { storedUploadProgress } from '~/utils/upload-storage.server'
import { findPreviousImport } from './find-previous-import.server'
import { findUpload } from './find-upload.server'
import { uploadSummary, type UploadSummary } from './upload-summary.server'

/**
 * The organization's upload: how far it got, its SHA-256 once complete, and
 * the organization's earlier import of the same file if there is one. A
 * read only: an upload whose bytes all arrived but whose hash is missing
 * (the process died after the last PATCH) says `uploading` with every byte
 * received until a HEAD or the sweep job completes it.
 */
export async function getUpload({ organizationId, uploadId }: { organizationId: string; uploadId: string }): Promise<UploadSummary> {
  const upload = await findUpload({ organizationId, uploadId })
  const receivedBytes =
    upload.status === 'complete' ? Number(upload.byteSize) : upload.status === 'uploading' ? ((await storedUploadProgress(upload.id))?.offset ?? 0) : 0
  const previousImport = upload.sha256 ? await findPreviousImport({ organizationId, sha256: upload.sha256 }) : null
  return uploadSummary(upload, receivedBytes, previousImport)
}
