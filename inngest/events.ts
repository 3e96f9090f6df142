import { eventType } from 'inngest'
import { z } from 'zod'

/** Every event the app sends or reacts to, defined once with its schema. */

export const authCleanupRequested = eventType('auth/cleanup.requested', {
  schema: z.object({ reason: z.string().max(200).optional() }),
})
