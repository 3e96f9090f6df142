import { deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from '~/api/webhooks.server'
import { getWebhookEndpoint as read } from '~/modules/webhooks/get-webhook-endpoint.server'
import { deleteWebhookEndpoint as remove, updateWebhookEndpoint as update } from '~/modules/webhooks/save-webhook-endpoint.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getWebhookEndpoint, async ({ auth, params }) => ({ status: 200, body: { endpoint: await read({ organizationId: auth.organization.id, endpointId: params.id }) } })),
  handle(updateWebhookEndpoint, async ({ auth, params, body: { data } }) => ({
    status: 200,
    body: { endpoint: await update({ organizationId: auth.organization.id, actor: auth.actor, endpointId: params.id, change: data }) },
  })),
  handle(deleteWebhookEndpoint, async ({ auth, params }) => {
    await remove({ organizationId: auth.organization.id, actor: auth.actor, endpointId: params.id })
    return { status: 204 }
  }),
)
