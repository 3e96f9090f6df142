import { systemActor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { uploadDataStore } from '~/utils/upload-storage.server'
import { finalizeUpload } from './finalize-upload.server'

const ACTOR_LABEL = 'job:ingest-sweep-uploads'

function isGone(error: unknown) {
  const status = (error as { status_code?: number }).status_code
  return status === 404 || status === 410
}

/**
 * Removes uploads that expired before their last byte arrived: their bytes
 * in the store (on S3 the unfinished multipart upload too) and their row,
 * each audited as the system in the upload's organization. One whose bytes
 * turn out to be complete (the process died before its hash) is completed
 * instead. At most `limit` per call; the job runs it hourly.
 */
export async function deleteExpiredUploads({ now, limit = 200 }: { now: Date; limit?: number }) {
  const expired = await prisma.upload.findMany({
    where: { status: 'uploading', expiresAt: { lte: now } },
    orderBy: { expiresAt: 'asc' },
    take: limit,
    select: { id: true, organizationId: true, filename: true, byteSize: true },
  })
  let deleted = 0
  let completed = 0
  for (const upload of expired) {
    const actor = systemActor(ACTOR_LABEL, { organizationId: upload.organizationId })
    const { upload: after } = await finalizeUpload({ uploadId: upload.id, actor })
    if (after.status === 'complete') {
      completed++
      continue
    }
    try {
      await (await uploadDataStore()).remove(upload.id)
    } catch (error) {
      if (!isGone(error)) {
        logger.error('Could not remove the bytes of an expired upload; will retry', { uploadId: upload.id, err: error })
        continue
      }
    }
    const removed = await withAudit({ actor, action: 'upload.expired', target: { type: 'upload', id: upload.id } }, async (tx) => {
      const { count } = await tx.upload.deleteMany({ where: { id: upload.id, status: 'uploading' } })
      return { result: count, summary: { filename: upload.filename, byteSize: Number(upload.byteSize) } }
    })
    deleted += removed
  }
  return { deleted, completed }
}
