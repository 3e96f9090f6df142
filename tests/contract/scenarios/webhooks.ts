import { randomUUID } from 'node:crypto'
import type { EsdClient } from '~/api/client'
import { defineScenario } from '../scenario'

const URL = 'https://receiver.example.test/hooks'

/** An endpoint of the client's organization, made through the API. */
export async function makeWebhookEndpoint(client: EsdClient) {
  const { data, error } = await client.POST('/api/v1/webhook-endpoints', { body: { url: URL, eventTypes: ['message.delivered'] } })
  if (!data) throw new Error(`could not create a webhook endpoint: ${JSON.stringify(error)}`)
  return data.endpoint
}

const withEndpoint = async ({ client }: { client: EsdClient }) => ({ endpoint: await makeWebhookEndpoint(client) })

/** An endpoint with one delivery (a test event's), to replay. */
const withDelivery = async ({ client }: { client: EsdClient }) => {
  const endpoint = await makeWebhookEndpoint(client)
  const { data, error } = await client.POST('/api/v1/webhook-endpoints/{id}/test', { params: { path: { id: endpoint.id } } })
  if (!data) throw new Error(`could not send a test event: ${JSON.stringify(error)}`)
  return { endpoint, delivery: data.delivery }
}

const endpointPath = (id: string) => ({ params: { path: { id } } })

export const webhookScenarios = [
  defineScenario({
    operationId: 'listWebhookEndpoints',
    setup: withEndpoint,
    success: (client) => client.GET('/api/v1/webhook-endpoints'),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/webhook-endpoints', { params: { query: { limit: 0 } } }) },
  }),
  defineScenario({
    operationId: 'createWebhookEndpoint',
    success: (client) => client.POST('/api/v1/webhook-endpoints', { body: { url: URL, description: 'CRM', eventTypes: ['message.received', 'consent.opted_out'] } }),
    error: {
      status: 400,
      code: 'invalid_webhook_url',
      call: (client) => client.POST('/api/v1/webhook-endpoints', { body: { url: 'https://user:pass@receiver.example.test/hooks', eventTypes: ['message.received'] } }),
    },
    audits: 'webhook_endpoint.created',
  }),
  defineScenario({
    operationId: 'getWebhookEndpoint',
    setup: withEndpoint,
    success: (client, { endpoint }) => client.GET('/api/v1/webhook-endpoints/{id}', endpointPath(endpoint.id)),
    error: { status: 404, code: 'webhook_endpoint_not_found', call: (client) => client.GET('/api/v1/webhook-endpoints/{id}', endpointPath(randomUUID())) },
    foreign: { code: 'webhook_endpoint_not_found' },
  }),
  defineScenario({
    operationId: 'updateWebhookEndpoint',
    setup: withEndpoint,
    success: (client, { endpoint }) => client.PATCH('/api/v1/webhook-endpoints/{id}', { ...endpointPath(endpoint.id), body: { eventTypes: ['message.failed'], enabled: false } }),
    error: { status: 400, code: 'invalid_body', call: (client, { endpoint }) => client.PATCH('/api/v1/webhook-endpoints/{id}', { ...endpointPath(endpoint.id), body: {} }) },
    foreign: { code: 'webhook_endpoint_not_found' },
    audits: 'webhook_endpoint.updated',
  }),
  defineScenario({
    operationId: 'deleteWebhookEndpoint',
    setup: withEndpoint,
    success: (client, { endpoint }) => client.DELETE('/api/v1/webhook-endpoints/{id}', endpointPath(endpoint.id)),
    error: { status: 404, code: 'webhook_endpoint_not_found', call: (client) => client.DELETE('/api/v1/webhook-endpoints/{id}', endpointPath(randomUUID())) },
    foreign: { code: 'webhook_endpoint_not_found' },
    audits: 'webhook_endpoint.deleted',
  }),
  defineScenario({
    operationId: 'rotateWebhookEndpointSecret',
    setup: withEndpoint,
    success: (client, { endpoint }) => client.POST('/api/v1/webhook-endpoints/{id}/rotate-secret', endpointPath(endpoint.id)),
    error: { status: 404, code: 'webhook_endpoint_not_found', call: (client) => client.POST('/api/v1/webhook-endpoints/{id}/rotate-secret', endpointPath(randomUUID())) },
    foreign: { code: 'webhook_endpoint_not_found' },
    audits: 'webhook_endpoint.secret_rotated',
  }),
  defineScenario({
    operationId: 'testWebhookEndpoint',
    setup: withEndpoint,
    success: (client, { endpoint }) => client.POST('/api/v1/webhook-endpoints/{id}/test', endpointPath(endpoint.id)),
    error: {
      status: 409,
      code: 'webhook_endpoint_disabled',
      call: async (client, { endpoint }) => {
        await client.PATCH('/api/v1/webhook-endpoints/{id}', { ...endpointPath(endpoint.id), body: { enabled: false } })
        return client.POST('/api/v1/webhook-endpoints/{id}/test', endpointPath(endpoint.id))
      },
    },
    foreign: { code: 'webhook_endpoint_not_found' },
    audits: 'webhook_endpoint.tested',
  }),
  defineScenario({
    operationId: 'listWebhookDeliveries',
    setup: withDelivery,
    success: (client, { endpoint }) => client.GET('/api/v1/webhook-endpoints/{id}/deliveries', endpointPath(endpoint.id)),
    error: { status: 404, code: 'webhook_endpoint_not_found', call: (client) => client.GET('/api/v1/webhook-endpoints/{id}/deliveries', endpointPath(randomUUID())) },
    foreign: { code: 'webhook_endpoint_not_found' },
  }),
  defineScenario({
    operationId: 'replayWebhookDelivery',
    setup: withDelivery,
    success: (client, { endpoint, delivery }) =>
      client.POST('/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay', { params: { path: { id: endpoint.id, deliveryId: delivery.id } } }),
    error: {
      status: 404,
      code: 'webhook_delivery_not_found',
      call: (client, { endpoint }) =>
        client.POST('/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay', { params: { path: { id: endpoint.id, deliveryId: randomUUID() } } }),
    },
    foreign: { code: 'webhook_endpoint_not_found' },
    audits: 'webhook_delivery.replayed',
  }),
]
