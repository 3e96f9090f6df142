import { readFile } from 'node:fs/promises'
import { createMedia } from '~/api/media.server'
import { storeMedia } from '~/modules/media/store-media.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(createMedia, async ({ auth, body: { data } }) => {
    // At most MEDIA_MAX_BYTES (the framework refused a larger part while it streamed in).
    const bytes = await readFile(data.file.path)
    const { media, created } = await storeMedia({ organizationId: auth.organization.id, actor: auth.actor, bytes, filename: data.file.filename })
    return { status: created ? 201 : 200, body: { media }, headers: { Location: `/api/v1/media/${media.id}` } }
  }),
)
