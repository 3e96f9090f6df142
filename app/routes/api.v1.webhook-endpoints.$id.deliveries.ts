import { listWebhookDeliveries } from '~/api/webhooks.server'
import { listWebhookDeliveries as list } from '~/modules/webhooks/list-webhook-deliveries.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listWebhookDeliveries, async ({ auth, params, query }) => ({
    status: 200,
    body: await list({ organizationId: auth.organization.id, endpointId: params.id, page: query }),
  })),
)
