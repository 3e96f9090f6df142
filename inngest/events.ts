import { eventType } from 'inngest'
import { z } from 'zod'

/** Every event the app sends or reacts to, defined once with its schema. */

export const authCleanupRequested = eventType('auth/cleanup.requested', {
  schema: z.object({ reason: z.string().max(200).optional() }),
})

/** An `email_outbox` row waits for delivery. */
export const emailQueued = eventType('email/queued', {
  schema: z.object({ messageId: z.uuid() }),
})

/** The `email/queued` event of one message, always with the same id, so a resend is deduplicated. */
export const emailQueuedEvent = (messageId: string) => emailQueued.create({ messageId }, { id: `email-queued-${messageId}` })
