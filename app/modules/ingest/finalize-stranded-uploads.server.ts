import { systemActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { finalizeUpload } from './finalize-upload.server'

/** Uploads younger than this are left to their own last PATCH. */
const QUIET_MS = 10 * 60 * 1000

/**
 * Completes uploads whose bytes all arrived but whose hash was never taken
 * (the process died right after the last PATCH) and whose client never
 * came back to ask. The job runs it hourly; oldest first, at most `limit`.
 */
export async function finalizeStrandedUploads({ now, limit = 200 }: { now: Date; limit?: number }) {
  const candidates = await prisma.upload.findMany({
    where: { status: 'uploading', createdAt: { lte: new Date(now.getTime() - QUIET_MS) }, expiresAt: { gt: now } },
    orderBy: { createdAt: 'asc' },
    take: limit,
    select: { id: true, organizationId: true },
  })
  let completed = 0
  for (const candidate of candidates) {
    try {
      const { upload } = await finalizeUpload({
        uploadId: candidate.id,
        actor: systemActor('job:ingest-sweep-uploads', { organizationId: candidate.organizationId }),
      })
      if (upload.status === 'complete') completed++
    } catch (error) {
      logger.error('Could not complete an upload', { uploadId: candidate.id, err: error })
    }
  }
  return { checked: candidates.length, completed }
}
