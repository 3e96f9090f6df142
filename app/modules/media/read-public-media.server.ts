import { timingSafeEqual } from 'node:crypto'
import type { Readable } from 'node:stream'
import { prisma } from '~/utils/db.server'
import { openMediaBytes } from './media-store.server'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const TOKEN = /^[A-Za-z0-9_-]{43}$/

/**
 * The image at a public media URL, when both its id and its access token
 * match; null otherwise — a wrong token, an unknown id and a malformed one
 * answer alike, so the URL tells nothing about other media.
 */
export async function readPublicMedia(options: { id: string; token: string }): Promise<{
  contentType: string
  byteSize: number
  sha256: string
  open: () => Promise<Readable>
} | null> {
  if (!UUID.test(options.id) || !TOKEN.test(options.token)) return null
  const row = await prisma.templateMedia.findUnique({ where: { id: options.id.toLowerCase() } })
  if (!row) return null
  const expected = Buffer.from(row.accessToken)
  const given = Buffer.from(options.token)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
  return { contentType: row.contentType, byteSize: row.byteSize, sha256: row.sha256, open: () => openMediaBytes(row) }
}
