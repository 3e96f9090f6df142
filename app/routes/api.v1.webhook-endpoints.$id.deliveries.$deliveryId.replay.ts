import { replayWebhookDelivery } from '~/api/webhooks.server'
import { replayWebhookDelivery as replay } from '~/modules/webhooks/replay-webhook-delivery.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(replayWebhookDelivery, async ({ auth, params }) => ({
    status: 202,
    body: { delivery: await replay({ organizationId: auth.organization.id, actor: auth.actor, endpointId: params.id, deliveryId: params.deliveryId }) },
  })),
)
