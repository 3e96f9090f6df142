import { getMessage } from '~/api/messages.server'
import { getSend } from '~/modules/messaging/get-send.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getMessage, async ({ auth, params }) => ({
    status: 200,
    body: { message: await getSend({ organizationId: auth.organization.id, id: params.id }) },
  })),
)
