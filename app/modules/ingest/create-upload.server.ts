import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'

const MAX_FILENAME_LENGTH = 255

/**
 * Records a new tus upload for the organization before its bytes arrive,
 * so the store never holds bytes nobody owns (an upload whose bytes never
 * come is swept when it expires).
 */
export async function createUpload(options: {
  id: string
  organizationId: string
  actor: Actor
  filename: string | null | undefined
  byteSize: number | undefined
  storage: 'local' | 's3'
  storageKey: string
  expiresAt: Date
}) {
  if (options.byteSize === undefined) {
    throw new AppError('upload_length_required', 'Send Upload-Length when creating an upload: deferred lengths are not supported.', 400)
  }
  const filename = (options.filename?.trim() || 'upload').slice(0, MAX_FILENAME_LENGTH)
  const { actor } = options
  return withAudit({ actor, action: 'upload.created', organizationId: options.organizationId }, async (tx) => {
    const upload = await tx.upload.create({
      data: {
        id: options.id,
        organizationId: options.organizationId,
        filename,
        byteSize: BigInt(options.byteSize!),
        storage: options.storage,
        storageKey: options.storageKey,
        expiresAt: options.expiresAt,
        createdByUserId: actor.type === 'user' ? actor.userId : null,
        createdByApiKeyId: actor.type === 'api_key' ? actor.apiKeyId : null,
      },
    })
    return { result: upload, target: { type: 'upload', id: upload.id }, summary: { filename, byteSize: options.byteSize, storage: options.storage } }
  })
}
