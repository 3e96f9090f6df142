import type { TemplateMedia } from '~/generated/prisma/client.ts'
import { getEnv } from '~/utils/env.server'
import type { MediaContentType } from './media-types'

export type MediaSummary = {
  id: string
  contentType: MediaContentType
  byteSize: number
  sha256: string
  filename: string | null
  /** Public and unguessable: what the carrier fetches, and what a page may show. */
  url: string
  createdAt: string
}

/** The path an image is served at: its id and its access token (routes/media.$id.$token.ts). */
export function mediaPath(media: { id: string; accessToken: string }): string {
  return `/media/${media.id}/${media.accessToken}`
}

/**
 * The absolute URL the carrier fetches an image from: APP_URL's origin (the
 * app's public address, required in production), else this server on
 * localhost — enough for the simulated carrier, not for Twilio, which must
 * reach it.
 */
export function publicMediaUrl(media: { id: string; accessToken: string }): string {
  const env = getEnv()
  const origin = env.APP_URL ? env.APP_URL.replace(/\/+$/, '') : `http://localhost:${env.PORT}`
  return `${origin}${mediaPath(media)}`
}

export function mediaSummary(row: TemplateMedia): MediaSummary {
  return {
    id: row.id,
    contentType: row.contentType as MediaContentType,
    byteSize: row.byteSize,
    sha256: row.sha256,
    filename: row.filename,
    url: publicMediaUrl(row),
    createdAt: row.createdAt.toISOString(),
  }
}
