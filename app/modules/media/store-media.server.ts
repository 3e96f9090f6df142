import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { discardMediaBytes, mediaStorageKey, putMediaBytes } from './media-store.server'
import { mediaSummary, type MediaSummary } from './media-summary.server'
import { formatBytes, MEDIA_CONTENT_TYPES, MEDIA_MAX_BYTES, sniffImageType } from './media-types'

export const mediaTooLarge = (size: number) =>
  new AppError('payload_too_large', `An MMS image may be at most ${formatBytes(MEDIA_MAX_BYTES)} (Twilio's limit); this one is ${formatBytes(size)}.`, 413, {
    maxBytes: MEDIA_MAX_BYTES,
  })

/**
 * Keeps an image for MMS templates: its type read from its first bytes (JPEG,
 * PNG or GIF; anything else is refused, whatever its name says), at most
 * MEDIA_MAX_BYTES, its bytes in the upload store and a row with a fresh
 * access token, audited. The same bytes again answer the organization's
 * existing row (`created: false`), unchanged and unaudited.
 */
export async function storeMedia(options: { organizationId: string; actor: Actor; bytes: Buffer; filename?: string | null }): Promise<{ media: MediaSummary; created: boolean }> {
  const { bytes } = options
  if (bytes.length === 0) throw new AppError('unsupported_image', 'The file is empty.', 422, { accepted: MEDIA_CONTENT_TYPES })
  if (bytes.length > MEDIA_MAX_BYTES) throw mediaTooLarge(bytes.length)
  const contentType = sniffImageType(bytes)
  if (!contentType) {
    throw new AppError('unsupported_image', 'An MMS image must be a JPEG, PNG or GIF file (its content says it is none of them).', 422, { accepted: MEDIA_CONTENT_TYPES })
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const existing = await prisma.templateMedia.findUnique({ where: { organizationId_sha256: { organizationId: options.organizationId, sha256 } } })
  if (existing) return { media: mediaSummary(existing), created: false }

  const id = randomUUID()
  const stored = await putMediaBytes({ storageKey: mediaStorageKey(options.organizationId, id), bytes, contentType })
  const filename = options.filename?.trim().slice(0, 255) || null
  try {
    const row = await withAudit({ actor: options.actor, action: 'media.created', organizationId: options.organizationId, target: { type: 'media', id } }, async (tx) => {
      const created = await tx.templateMedia.create({
        data: {
          id,
          organizationId: options.organizationId,
          contentType,
          byteSize: bytes.length,
          sha256,
          filename,
          storage: stored.storage,
          storageKey: stored.storageKey,
          accessToken: randomBytes(32).toString('base64url'),
          createdByLabel: options.actor.label,
        },
      })
      return { result: created, summary: { contentType, byteSize: bytes.length, sha256, filename } }
    })
    return { media: mediaSummary(row), created: true }
  } catch (error) {
    await discardMediaBytes(stored)
    // The same bytes stored by a concurrent request a moment ago: theirs is the one.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const row = await prisma.templateMedia.findUniqueOrThrow({ where: { organizationId_sha256: { organizationId: options.organizationId, sha256 } } })
      return { media: mediaSummary(row), created: false }
    }
    throw error
  }
}

/** One image of the organization (another organization's answers the same: not found). */
export async function getMedia(options: { organizationId: string; mediaId: string }): Promise<MediaSummary> {
  const row = await prisma.templateMedia.findFirst({ where: { id: options.mediaId, organizationId: options.organizationId } })
  if (!row) throw new AppError('media_not_found', 'No such media in the organization.', 404)
  return mediaSummary(row)
}
