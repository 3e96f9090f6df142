import type { Actor } from '~/modules/audit/actor'
import { findPreviousImport } from './find-previous-import.server'
import { finalizeUpload } from './finalize-upload.server'
import { findUpload } from './find-upload.server'
import { uploadSummary, type UploadSummary } from './upload-summary.server'

/**
 * The organization's upload: how far it got, its SHA-256 once complete, and
 * the organization's earlier import of the same file if there is one. An
 * upload whose bytes all arrived but whose hash was never taken (the process
 * died after the last PATCH) is completed now, as `actor`.
 */
export async function getUpload({ organizationId, uploadId, actor }: { organizationId: string; uploadId: string; actor: Actor }): Promise<UploadSummary> {
  await findUpload({ organizationId, uploadId })
  const { upload, receivedBytes } = await finalizeUpload({ uploadId, actor })
  const previousImport = upload.sha256 ? await findPreviousImport({ organizationId, sha256: upload.sha256 }) : null
  return uploadSummary(upload, receivedBytes, previousImport)
}
