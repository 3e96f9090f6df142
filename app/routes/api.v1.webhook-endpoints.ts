import { createWebhookEndpoint, listWebhookEndpoints } from '~/api/webhooks.server'
import { listWebhookEndpoints as list } from '~/modules/webhooks/list-webhook-endpoints.server'
import { createWebhookEndpoint as create } from '~/modules/webhooks/save-webhook-endpoint.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listWebhookEndpoints, async ({ auth, query }) => ({ status: 200, body: await list({ organizationId: auth.organization.id, page: query }) })),
  handle(createWebhookEndpoint, async ({ auth, body: { data } }) => {
    const created = await create({ organizationId: auth.organization.id, actor: auth.actor, input: data })
    return { status: 201, body: created, headers: { Location: `/api/v1/webhook-endpoints/${created.endpoint.id}` } }
  }),
)
