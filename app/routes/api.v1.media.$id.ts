import { getMedia } from '~/api/media.server'
import { getMedia as read } from '~/modules/media/store-media.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getMedia, async ({ auth, params }) => ({ status: 200, body: { media: await read({ organizationId: auth.organization.id, mediaId: params.id }) } })),
)
