import { rotateWebhookEndpointSecret } from '~/api/webhooks.server'
import { rotateWebhookSecret } from '~/modules/webhooks/rotate-webhook-secret.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(rotateWebhookEndpointSecret, async ({ auth, params }) => ({
    status: 200,
    body: await rotateWebhookSecret({ organizationId: auth.organization.id, actor: auth.actor, endpointId: params.id }),
  })),
)
