import { z } from 'zod'
import { API_KEY_NAME_MAX_LENGTH, API_SCOPES, MAX_API_RATE_LIMIT_PER_MINUTE } from './api-key-scopes'

// The forms of Settings › API keys: validated in the browser, and again by the action.

/** An expiry date means the key stops working at 00:00 UTC that day. */
export const startOfUtcDay = (date: string) => new Date(`${date}T00:00:00.000Z`)

const rateLimitMessage = `Enter a whole number from 1 to ${MAX_API_RATE_LIMIT_PER_MINUTE.toLocaleString('en-US')}`

export const createApiKeySchema = z.object({
  name: z
    .string({ error: 'Enter a name' })
    .trim()
    .min(1, 'Enter a name')
    .max(API_KEY_NAME_MAX_LENGTH, `Use at most ${API_KEY_NAME_MAX_LENGTH} characters`),
  scopes: z.array(z.enum(API_SCOPES), { error: 'Choose at least one scope' }).min(1, 'Choose at least one scope'),
  expiresOn: z.iso
    .date({ error: 'Enter a date' })
    .refine((date) => startOfUtcDay(date).getTime() > Date.now(), {
      error: 'Choose a date after today',
      // Only for a well-formed date; a malformed one already says "Enter a date".
      when: (payload) => payload.issues.length === 0,
    })
    .optional(),
  rateLimitPerMinute: z
    .number({ error: rateLimitMessage })
    .int(rateLimitMessage)
    .min(1, rateLimitMessage)
    .max(MAX_API_RATE_LIMIT_PER_MINUTE, rateLimitMessage)
    .optional(),
})

export const revokeApiKeySchema = z.object({ id: z.uuid() })
