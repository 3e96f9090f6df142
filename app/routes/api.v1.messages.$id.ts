import { getMessage } from '~/api/messages.server'
import { getMessage as read } from '~/modules/messaging/get-message.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getMessage, async ({ auth, params }) => ({
    status: 200,
    body: { message: await read({ organizationId: auth.organization.id, id: params.id }) },
  })),
)
