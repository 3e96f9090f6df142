import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { storedUploadProgress } from '~/utils/upload-storage.server'
import { hashStoredFile } from './hash-stored-file.server'

/**
 * Completes an upload whose last byte is in the store: its SHA-256, streamed
 * back from the store, and status `complete`, audited. Runs when the last
 * PATCH arrives; if the process died between that PATCH and the hash, the
 * next HEAD or GET of the upload, or the sweep job, runs it again. Safe to
 * call any number of times and concurrently: only one call completes the
 * row. An upload still missing bytes is returned unchanged.
 */
export async function finalizeUpload({ uploadId, actor }: { uploadId: string; actor: Actor }) {
  const upload = await prisma.upload.findUnique({ where: { id: uploadId } })
  if (!upload) throw new AppError('upload_not_found', 'There is no such upload.', 404)
  if (upload.status !== 'uploading') return { upload, receivedBytes: upload.status === 'complete' ? Number(upload.byteSize) : 0 }

  const progress = await storedUploadProgress(upload.id)
  const receivedBytes = progress?.offset ?? 0
  if (!progress || progress.size === undefined || progress.offset < progress.size) return { upload, receivedBytes }

  const { sha256, byteSize } = await hashStoredFile({ storage: upload.storage, storageKey: upload.storageKey })
  if (BigInt(byteSize) !== upload.byteSize) {
    throw new AppError('upload_size_mismatch', `Upload ${upload.id} holds ${byteSize} bytes, not the ${upload.byteSize} declared.`, 500)
  }
  const completedAt = new Date()
  const completed = await prisma.$transaction(async (tx) => {
    const { count } = await tx.upload.updateMany({
      where: { id: upload.id, status: 'uploading' },
      data: { status: 'complete', sha256, completedAt },
    })
    if (count === 1) {
      await recordAudit(tx, {
        actor,
        action: 'upload.completed',
        organizationId: upload.organizationId,
        target: { type: 'upload', id: upload.id },
        summary: { filename: upload.filename, byteSize, sha256 },
      })
    }
    return tx.upload.findUniqueOrThrow({ where: { id: upload.id } })
  })
  return { upload: completed, receivedBytes: byteSize }
}
