import { listNumbers } from '~/api/numbers.server'
import { listSenderNumbers } from '~/modules/messaging/list-sender-numbers.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listNumbers, async ({ auth }) => ({ status: 200, body: { data: await listSenderNumbers({ organizationId: auth.organization.id }) } })),
)
