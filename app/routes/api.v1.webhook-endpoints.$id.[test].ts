import { testWebhookEndpoint } from '~/api/webhooks.server'
import { sendTestWebhook } from '~/modules/webhooks/send-test-webhook.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(testWebhookEndpoint, async ({ auth, params }) => ({
    status: 202,
    body: { delivery: await sendTestWebhook({ organizationId: auth.organization.id, actor: auth.actor, endpointId: params.id }) },
  })),
)
