import { unstable_parseMultipartFormData } from '@remix-run/node'
import { z } from 'zod'
import type { Actor } from '~/modules/audit/actor'
import type { MediaSummary } from '~/modules/media/media-summary.server'
import { getMedia, storeMedia } from '~/modules/media/store-media.server'
import { formatBytes, MEDIA_MAX_BYTES } from '~/modules/media/media-types'
import { isAppError } from '~/utils/app-error'

/**
 * The template form's body as the pages post it: multipart when it carries an
 * image (the `media` file input), else urlencoded. A chosen image is stored
 * first (store-media.server.ts, the same rules as the API's) and its id takes
 * the place of the `mediaId` field, so the form validates as the API's input
 * does; a form refused for another reason keeps the image it was sent with.
 * Answers the form without the file, the image it now names, and why an
 * image was refused, if one was.
 */
export async function readTemplateForm(options: { request: Request; organizationId: string; actor: Actor }): Promise<{
  form: FormData
  media: MediaSummary | null
  mediaError: string | null
}> {
  const { request } = options
  let form: FormData
  let tooLarge = false
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    // Memory is fine at this size. A larger image is read to its end and dropped, so the rest of the form survives.
    form = await unstable_parseMultipartFormData(request, async ({ name, data, filename, contentType }) => {
      const chunks: Uint8Array[] = []
      let size = 0
      const limit = name === 'media' ? MEDIA_MAX_BYTES : TEXT_PART_MAX_BYTES
      for await (const chunk of data) {
        size += chunk.length
        if (size <= limit) chunks.push(chunk)
      }
      if (size > limit) {
        if (name === 'media') tooLarge = true
        return undefined
      }
      if (filename === undefined) return Buffer.concat(chunks).toString('utf8')
      return name === 'media' && size > 0 ? new File([new Uint8Array(Buffer.concat(chunks))], filename, { type: contentType }) : undefined
    })
  } else {
    form = await request.formData()
  }
  if (tooLarge) return { form, media: await currentMedia(form, options.organizationId), mediaError: `An image may be at most ${formatBytes(MEDIA_MAX_BYTES)} (Twilio's limit for one message).` }

  const file = form.get('media')
  form.delete('media')
  let mediaError: string | null = null
  if (file instanceof File && file.size > 0) {
    try {
      const { media } = await storeMedia({ organizationId: options.organizationId, actor: options.actor, bytes: Buffer.from(await file.arrayBuffer()), filename: file.name })
      form.set('mediaId', media.id)
      return { form, media, mediaError }
    } catch (error) {
      if (!isAppError(error) || error.status >= 500) throw error
      mediaError = error.message
    }
  }
  return { form, media: await currentMedia(form, options.organizationId), mediaError }
}

/** Text fields are short (a body is at most 1,600 characters): a larger part is not ours. */
const TEXT_PART_MAX_BYTES = 64 * 1024

/** The image the form's `mediaId` names, if it is the organization's. */
async function currentMedia(form: FormData, organizationId: string): Promise<MediaSummary | null> {
  const mediaId = z.uuid().safeParse(form.get('mediaId'))
  if (!mediaId.success) return null
  return getMedia({ organizationId, mediaId: mediaId.data }).catch((error: unknown) => {
    if (isAppError(error) && error.status < 500) return null
    throw error
  })
}
