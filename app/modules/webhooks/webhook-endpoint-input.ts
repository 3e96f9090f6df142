import { z } from 'zod'
import { WEBHOOK_URL_MAX } from './webhook-url'
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types'

/** What an endpoint is made of, as the API and the settings page take it (no server-only imports). */
export const WEBHOOK_DESCRIPTION_MAX = 200

export const webhookEndpointFields = {
  url: z.string().trim().min(1, 'A URL is required.').max(WEBHOOK_URL_MAX),
  description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX),
  eventTypes: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1, 'Choose at least one event type.')
    .max(WEBHOOK_EVENT_TYPES.length)
    .transform((types) => [...new Set(types)]),
}

export type WebhookEndpointInput = { url: string; description: string; eventTypes: string[] }
export type WebhookEndpointChange = Partial<WebhookEndpointInput> & { enabled?: boolean }
