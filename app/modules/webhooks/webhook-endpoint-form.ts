import { z } from 'zod'
import { WEBHOOK_DESCRIPTION_MAX } from './webhook-endpoint-input'
import { WEBHOOK_EVENT_TYPES } from './webhook-event-types'
import { WEBHOOK_URL_MAX } from './webhook-url'

// The endpoint form of Settings › Webhooks: validated in the browser, and again by the action and the module.

export const webhookEndpointFormSchema = z.object({
  url: z
    .string({ error: 'Enter the URL events are sent to' })
    .trim()
    .max(WEBHOOK_URL_MAX, `Use at most ${WEBHOOK_URL_MAX} characters`)
    .refine((value) => /^https?:\/\//i.test(value), 'Enter an https:// URL'),
  description: z.string().trim().max(WEBHOOK_DESCRIPTION_MAX, `Use at most ${WEBHOOK_DESCRIPTION_MAX} characters`).default(''),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES), { error: 'Choose at least one event type' }).min(1, 'Choose at least one event type'),
})
