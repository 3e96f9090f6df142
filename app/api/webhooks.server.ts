import { z } from 'zod'
import 'zod-openapi'
import { webhookEndpointFields, WEBHOOK_DESCRIPTION_MAX } from '~/modules/webhooks/webhook-endpoint-input'
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES } from '~/modules/webhooks/webhook-event-types'
import { MAX_ATTEMPTS } from '~/modules/webhooks/webhook-retry-schedule'
import { pageQuery, pageSchema } from '~/utils/api/pagination.server'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * The webhook endpoints: where the organization's events are POSTed, signed
 * per the Standard Webhooks specification, with their delivery log and
 * replay. The modules are in app/modules/webhooks (docs/decisions/049).
 */

const endpointId = z.uuid().meta({ description: 'The endpoint id.', example: '5a7c9e1f-2b4d-4f6a-8c0e-1a3b5c7d9e2f' })
const deliveryId = z.uuid().meta({ description: 'The delivery id.', example: '9d1f3a5c-7e9b-4d2f-8a6c-0e2a4c6e8a1b' })
const params = z.object({ id: endpointId })
const ENDPOINT_NOT_FOUND = { webhook_endpoint_not_found: 'no such endpoint in the organization (another organization’s answers the same)' }
const DISABLED = { webhook_endpoint_disabled: 'the endpoint is disabled; enable it first' }
const BAD_URL = { invalid_webhook_url: 'the URL cannot be used (`details.fieldErrors.url` says why): not http(s), credentials in it, or — for a production organization — not https or not a public address' }

const eventType = z.enum(WEBHOOK_EVENT_TYPES)
const eventTable = WEBHOOK_EVENT_TYPES.map((type) => `| \`${type}\` | ${WEBHOOK_EVENT_DESCRIPTIONS[type]} |`).join('\n')

const EndpointSchema = z
  .object({
    id: endpointId,
    url: z.string().meta({ description: 'Where events are POSTed.' }),
    description: z.string(),
    eventTypes: z.array(eventType).meta({ description: 'The event types it receives.' }),
    enabled: z.boolean().meta({ description: 'false: nothing is sent to it (by a person’s choice, or because it kept failing; see `disabledReason`).' }),
    disabledAt: z.iso.datetime().nullable(),
    disabledReason: z.string().nullable(),
    secretRotatedAt: z.iso.datetime().nullable().meta({ description: 'When its secret was last rotated.' }),
    previousSecretExpiresAt: z.iso.datetime().nullable().meta({ description: 'Until then, deliveries are also signed with the secret it had before the last rotation; null when there is no such overlap.' }),
    lastSuccessAt: z.iso.datetime().nullable().meta({ description: 'The last attempt that got a 2xx answer.' }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' })

const AttemptSchema = z
  .object({
    number: z.int().min(1),
    attemptedAt: z.iso.datetime(),
    requestHeaders: z.record(z.string(), z.string()).meta({ description: 'The headers sent, the three `webhook-*` ones included.' }),
    requestBody: z.string().meta({ description: 'The body sent, byte for byte.' }),
    responseStatus: z.int().nullable().meta({ description: 'The HTTP status answered; null when none came (see `error`).' }),
    responseBody: z.string().nullable().meta({ description: 'The first 4 KB of the answer.' }),
    durationMs: z.int().min(0),
    error: z.string().nullable().meta({ description: 'No answer: a timeout (10 s), a refused connection, a DNS failure.' }),
  })
  .meta({ id: 'WebhookDeliveryAttempt' })

const DeliverySchema = z
  .object({
    id: deliveryId,
    endpointId,
    eventId: z.string().meta({ description: 'The event’s `webhook-id` (`msg_…`), the same on every attempt and replay.' }),
    eventType: z.string().meta({ description: 'One of the event types, or `webhook.test`.' }),
    status: z.enum(['pending', 'succeeded', 'failed', 'exhausted']).meta({
      description: `\`pending\`: waiting for its next attempt (\`nextAttemptAt\`). \`succeeded\`: answered 2xx. \`exhausted\`: all ${MAX_ATTEMPTS} attempts failed. \`failed\`: stopped because the endpoint was disabled.`,
    }),
    attemptCount: z.int().min(0),
    nextAttemptAt: z.iso.datetime().nullable(),
    lastAttemptAt: z.iso.datetime().nullable(),
    replayOf: z.uuid().nullable().meta({ description: 'The delivery this one replays.' }),
    createdAt: z.iso.datetime(),
    attempts: z.array(AttemptSchema).meta({ description: 'Its attempts, first to last.' }),
  })
  .meta({ id: 'WebhookDelivery' })

const example = {
  id: '5a7c9e1f-2b4d-4f6a-8c0e-1a3b5c7d9e2f',
  url: 'https://crm.example.com/hooks/esd',
  description: 'CRM sync',
  eventTypes: ['message.delivered', 'message.received', 'consent.opted_out'],
  enabled: true,
  disabledAt: null,
  disabledReason: null,
  secretRotatedAt: null,
  previousSecretExpiresAt: null,
  lastSuccessAt: '2026-11-30T12:05:00.000Z',
  createdBy: 'CRM sync',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
}
const secretExample = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw5Ho4fUrz1pA='
const body = '{"type":"webhook.test","timestamp":"2026-11-30T12:05:00.000Z","data":{"message":"A test event from esd.quest: this endpoint receives signed webhooks.","endpointId":"5a7c9e1f-2b4d-4f6a-8c0e-1a3b5c7d9e2f"}}'
const deliveryExample = {
  id: '9d1f3a5c-7e9b-4d2f-8a6c-0e2a4c6e8a1b',
  endpointId: example.id,
  eventId: 'msg_2bQ7v9XkLp0aZr4sTu8wYc1d',
  eventType: 'webhook.test',
  status: 'succeeded',
  attemptCount: 1,
  nextAttemptAt: null,
  lastAttemptAt: '2026-11-30T12:05:00.000Z',
  replayOf: null,
  createdAt: '2026-11-30T12:05:00.000Z',
  attempts: [
    {
      number: 1,
      attemptedAt: '2026-11-30T12:05:00.000Z',
      requestHeaders: {
        'content-type': 'application/json',
        'user-agent': 'esd.quest-webhooks/1',
        'webhook-id': 'msg_2bQ7v9XkLp0aZr4sTu8wYc1d',
        'webhook-timestamp': '1796040300',
        'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
      },
      requestBody: body,
      responseStatus: 200,
      responseBody: 'ok',
      durationMs: 84,
      error: null,
    },
  ],
}

const EndpointInputSchema = z
  .object({
    url: webhookEndpointFields.url.meta({ description: 'Where to POST events: https (a sandbox or test organization may also use http and local addresses).' }),
    description: webhookEndpointFields.description.default('').meta({ description: `Up to ${WEBHOOK_DESCRIPTION_MAX} characters, for people.` }),
    eventTypes: webhookEndpointFields.eventTypes.meta({ description: 'The event types to receive (at least one).' }),
  })
  .strict()
  .meta({ id: 'WebhookEndpointInput' })

const EndpointChangeSchema = z
  .object({
    url: EndpointInputSchema.shape.url.optional(),
    description: webhookEndpointFields.description.optional(),
    eventTypes: webhookEndpointFields.eventTypes.optional(),
    enabled: z.boolean().optional().meta({ description: 'false disables it (its waiting deliveries stop); true enables it again.' }),
  })
  .strict()
  .refine((change) => Object.keys(change).length > 0, { message: 'Change at least one field.' })
  .meta({ id: 'WebhookEndpointChange' })

const createDescription = [
  'Events are POSTed to the URL as JSON, `{ "type", "timestamp", "data" }`, signed per the [Standard Webhooks](https://www.standardwebhooks.com/) specification: verify them with any Standard Webhooks library and the secret this answers (see "Webhooks" in the guide).',
  '',
  'The answer holds the endpoint’s **secret** (`whsec_…`), in full, this once: keep it. A rotation answers a new one.',
  '',
  '| event type | when |',
  '| --- | --- |',
  eventTable,
].join('\n')

export const listWebhookEndpoints = defineOperation({
  operationId: 'listWebhookEndpoints',
  method: 'GET',
  path: '/api/v1/webhook-endpoints',
  summary: 'List webhook endpoints',
  description: 'The organization’s endpoints, newest first, a page at a time. Secrets are never listed.',
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  query: pageQuery,
  responses: { 200: { description: 'One page of endpoints.', body: pageSchema(EndpointSchema, 'WebhookEndpointPage'), example: { data: [example], nextCursor: null } } },
})

export const createWebhookEndpoint = defineOperation({
  operationId: 'createWebhookEndpoint',
  method: 'POST',
  path: '/api/v1/webhook-endpoints',
  summary: 'Create a webhook endpoint',
  description: createDescription,
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  idempotency: 'optional',
  body: { json: { schema: EndpointInputSchema, example: { url: example.url, description: example.description, eventTypes: example.eventTypes } } },
  responses: {
    201: {
      description: 'The endpoint, enabled, and its signing secret (shown this once).',
      body: z.object({ endpoint: EndpointSchema, secret: z.string().meta({ description: 'The signing secret, `whsec_` + base64: keep it; it is not shown again.' }) }),
      example: { endpoint: example, secret: secretExample },
    },
  },
  errors: { 400: BAD_URL },
})

export const getWebhookEndpoint = defineOperation({
  operationId: 'getWebhookEndpoint',
  method: 'GET',
  path: '/api/v1/webhook-endpoints/{id}',
  summary: 'A webhook endpoint',
  description: 'The endpoint, its event types and whether it is enabled (and why not). Its secret is never shown again; rotate it to get a new one.',
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  params,
  responses: { 200: { description: 'The endpoint (without its secret).', body: z.object({ endpoint: EndpointSchema }), example: { endpoint: example } } },
  errors: { 404: ENDPOINT_NOT_FOUND },
})

export const updateWebhookEndpoint = defineOperation({
  operationId: 'updateWebhookEndpoint',
  method: 'PATCH',
  path: '/api/v1/webhook-endpoints/{id}',
  summary: 'Change a webhook endpoint',
  description: 'Changes the fields sent (URL, description, event types), and disables or enables it. Enabling an endpoint that was disabled for failing clears its reason; replay the deliveries it missed.',
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  params,
  body: { json: { schema: EndpointChangeSchema, example: { eventTypes: ['message.delivered', 'message.failed'], enabled: true } } },
  responses: { 200: { description: 'The endpoint as changed.', body: z.object({ endpoint: EndpointSchema }), example: { endpoint: example } } },
  errors: { 400: BAD_URL, 404: ENDPOINT_NOT_FOUND },
})

export const deleteWebhookEndpoint = defineOperation({
  operationId: 'deleteWebhookEndpoint',
  method: 'DELETE',
  path: '/api/v1/webhook-endpoints/{id}',
  summary: 'Delete a webhook endpoint',
  description: 'Nothing more is sent to it; its delivery log goes with it.',
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  params,
  responses: { 204: { description: 'Deleted.' } },
  errors: { 404: ENDPOINT_NOT_FOUND },
})

export const rotateWebhookEndpointSecret = defineOperation({
  operationId: 'rotateWebhookEndpointSecret',
  method: 'POST',
  path: '/api/v1/webhook-endpoints/{id}/rotate-secret',
  summary: 'Rotate an endpoint’s secret',
  description:
    'Makes a new secret and answers it, this once. For the next 24 hours every delivery carries two signatures in `webhook-signature` (space-separated `v1,…` entries), one per secret, so a receiver verifies with either while it switches; then only the new secret signs. Rotating again within the 24 hours ends the oldest secret at once.',
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  idempotency: 'optional',
  params,
  responses: {
    200: {
      description: 'The endpoint and its new secret.',
      body: z.object({ endpoint: EndpointSchema, secret: z.string().meta({ description: 'The new signing secret: keep it; it is not shown again.' }) }),
      example: { endpoint: { ...example, secretRotatedAt: '2026-12-01T09:00:00.000Z', previousSecretExpiresAt: '2026-12-02T09:00:00.000Z' }, secret: secretExample },
    },
  },
  errors: { 404: ENDPOINT_NOT_FOUND },
})

export const testWebhookEndpoint = defineOperation({
  operationId: 'testWebhookEndpoint',
  method: 'POST',
  path: '/api/v1/webhook-endpoints/{id}/test',
  summary: 'Send a test event',
  description: 'Sends a `webhook.test` event to the endpoint, whatever it subscribes to, signed and retried like any event. Follow it in the delivery log.',
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  idempotency: 'optional',
  params,
  responses: { 202: { description: 'The delivery, on its way.', body: z.object({ delivery: DeliverySchema }), example: { delivery: { ...deliveryExample, status: 'pending', attemptCount: 0, lastAttemptAt: null, nextAttemptAt: deliveryExample.createdAt, attempts: [] } } } },
  errors: { 404: ENDPOINT_NOT_FOUND, 409: DISABLED },
})

export const listWebhookDeliveries = defineOperation({
  operationId: 'listWebhookDeliveries',
  method: 'GET',
  path: '/api/v1/webhook-endpoints/{id}/deliveries',
  summary: 'An endpoint’s delivery log',
  description: `Its deliveries, newest first, a page at a time, each with its attempts: the request sent (headers and body), the answer (status and the first 4 KB of the body), how long it took, and the error when no answer came. A failed attempt is retried ${MAX_ATTEMPTS - 1} times over about 27 hours (after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h).`,
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  params,
  query: pageQuery,
  responses: { 200: { description: 'One page of deliveries.', body: pageSchema(DeliverySchema, 'WebhookDeliveryPage'), example: { data: [deliveryExample], nextCursor: null } } },
  errors: { 404: ENDPOINT_NOT_FOUND },
})

export const replayWebhookDelivery = defineOperation({
  operationId: 'replayWebhookDelivery',
  method: 'POST',
  path: '/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/replay',
  summary: 'Replay a delivery',
  description: 'Sends the delivery’s event to the endpoint again, as a new delivery (`replayOf` the original) with the same `webhook-id` and body, so a receiver that already has it can tell. The endpoint must be enabled.',
  tag: 'Webhooks',
  auth: { scope: 'webhooks:manage' },
  idempotency: 'optional',
  params: z.object({ id: endpointId, deliveryId }),
  responses: { 202: { description: 'The new delivery, on its way.', body: z.object({ delivery: DeliverySchema }), example: { delivery: { ...deliveryExample, id: '3b5d7f9a-1c3e-4a5b-9d7f-2b4d6f8a0c1e', replayOf: deliveryExample.id, status: 'pending', attemptCount: 0, lastAttemptAt: null, nextAttemptAt: deliveryExample.createdAt, attempts: [] } } } },
  errors: { 404: { ...ENDPOINT_NOT_FOUND, webhook_delivery_not_found: 'no such delivery of this endpoint' }, 409: DISABLED },
})
