import { eventType } from 'inngest'
import { z } from 'zod'

/** Every event the app sends or reacts to, defined once with its schema. */

export const authCleanupRequested = eventType('auth/cleanup.requested', {
  schema: z.object({ reason: z.string().max(200).optional() }),
})

/**
 * Someone asked /recover for a recovery link. The request answered at once,
 * the same for every address; whether an account exists is found out here.
 */
export const authRecoveryLinkRequested = eventType('auth/recovery-link.requested', {
  schema: z.object({
    email: z.email().max(320),
    /** The origin the link points at. */
    baseUrl: z.url(),
    /** Who asked, for the audit row. */
    ip: z.string().max(64).nullable(),
    requestId: z.string().max(128).nullable(),
  }),
})

/** An `email_outbox` row waits for delivery. */
export const emailQueued = eventType('email/queued', {
  schema: z.object({ messageId: z.uuid() }),
})

/** The `email/queued` event of one message, always with the same id, so a resend is deduplicated. */
export const emailQueuedEvent = (messageId: string) => emailQueued.create({ messageId }, { id: `email-queued-${messageId}` })

/** Run the upload sweep now (it also runs hourly): complete stranded uploads, delete expired ones. */
export const ingestUploadsSweepRequested = eventType('ingest/uploads.sweep-requested', {
  schema: z.object({ reason: z.string().max(200).optional() }),
})

/**
 * An import should run (or go on): created, resumed after a pause, or given a
 * new extraction. The run function reads where the import is from the
 * database (LAND's byte offset, the extraction's row cursor) and continues.
 */
export const importRequested = eventType('import/requested', {
  schema: z.object({
    importFileId: z.uuid(),
    /** Whose import: its run is listed on that organization's Settings › Jobs (docs/decisions/026). */
    organizationId: z.uuid(),
    reason: z.enum(['created', 'resumed', 'reextraction', 'requeued', 'continued']),
  }),
})

/** An import's current extraction is merged and recorded. */
export const importCompleted = eventType('import/completed', {
  schema: z.object({
    importFileId: z.uuid(),
    organizationId: z.uuid(),
    extractionId: z.uuid(),
    extractionNumber: z.number().int().positive(),
    counts: z.record(z.string(), z.unknown()),
  }),
})

/** The request event of one (import, reason, occasion), with a fixed id so a retried send is deduplicated. */
export const importRequestedEvent = (
  importFile: { id: string; organizationId: string },
  reason: 'created' | 'resumed' | 'reextraction' | 'requeued' | 'continued',
  occasion: string,
) =>
  importRequested.create(
    { importFileId: importFile.id, organizationId: importFile.organizationId, reason },
    { id: `import-requested-${importFile.id}-${reason}-${occasion}` },
  )

/** A sender number has pending messages in `send_queue`: its dispatch run sends them at the number's pace. */
export const messagesDispatchRequested = eventType('messages/dispatch.requested', {
  schema: z.object({
    organizationId: z.uuid(),
    senderNumberId: z.uuid(),
    /** What queued the work (a batch id, `continued`, `retry`). */
    cause: z.string().max(100),
  }),
})

/** The dispatch event of one (sender number, cause), with a fixed id so a repeated send is deduplicated. */
export const dispatchRequestedEvent = (organizationId: string, senderNumberId: string, cause: string) =>
  messagesDispatchRequested.create({ organizationId, senderNumberId, cause }, { id: `dispatch-${senderNumberId}-${cause}` })

/** The simulated carrier took messages: it reports their status, and any reply, a moment later. */
export const simulatedCarrierAccepted = eventType('carrier/simulated.accepted', {
  schema: z.object({
    organizationId: z.uuid(),
    messages: z
      .array(z.object({ sid: z.string().max(64), from: z.string().max(20), to: z.string().max(20), service: z.boolean().optional() }))
      .max(1000),
  }),
})

/** Create the message log's coming monthly partitions now (it also runs daily). */
export const messagePartitionsRequested = eventType('messages/partitions.requested', {
  schema: z.object({ reason: z.string().max(200).optional() }),
})

/** A launched (or resumed) campaign has leads of its snapshot still to decide and queue: its queue run goes on from where it is. */
export const campaignQueueRequested = eventType('campaigns/queue.requested', {
  schema: z.object({ organizationId: z.uuid(), campaignId: z.uuid(), cause: z.string().max(100) }),
})

/** The queue event of one (campaign, cause), with a fixed id so a repeated send is deduplicated. */
export const campaignQueueRequestedEvent = (organizationId: string, campaignId: string, cause: string) =>
  campaignQueueRequested.create({ organizationId, campaignId, cause }, { id: `campaign-queue-${campaignId}-${cause}` })

/** Move campaigns along now (it also runs every minute): start scheduled ones, complete finished ones, end expired ones. */
export const campaignsAdvanceRequested = eventType('campaigns/advance.requested', {
  schema: z.object({ reason: z.string().max(200).optional() }),
})

/** A webhook delivery waits for its attempts (docs/decisions/049): its run posts it, sleeping between failed attempts. */
export const webhookDeliveryRequested = eventType('webhooks/delivery.requested', {
  schema: z.object({
    deliveryId: z.uuid(),
    /** Whose delivery: its run is listed on that organization's Settings › Jobs. */
    organizationId: z.uuid(),
  }),
})

/** The request event of one delivery (`occasion`: `created`, or why it was asked for again), with a fixed id so a resend is deduplicated. */
export const webhookDeliveryRequestedEvent = (delivery: { id: string; organizationId: string }, occasion = 'created') =>
  webhookDeliveryRequested.create({ deliveryId: delivery.id, organizationId: delivery.organizationId }, { id: `webhook-delivery-${delivery.id}-${occasion}` })
/** A lead should go to GoHighLevel: the `gohighlevel_pushes` row says which, why and for whom. */
export const goHighLevelPushRequested = eventType('gohighlevel/push.requested', {
  schema: z.object({ organizationId: z.uuid(), pushId: z.uuid() }),
})

export const goHighLevelPushRequestedEvent = (organizationId: string, pushId: string) =>
  goHighLevelPushRequested.create({ organizationId, pushId }, { id: `gohighlevel-push-${pushId}` })

/** An inbound reply read as interested (classifyReplyIntent); GoHighLevel's "push on positive reply" acts on it. */
export const positiveReplyReceived = eventType('messages/reply.positive', {
  schema: z.object({ organizationId: z.uuid(), messageId: z.uuid(), conversationId: z.uuid(), matched: z.string().max(200).nullable() }),
})

export const positiveReplyReceivedEvent = (data: { organizationId: string; messageId: string; conversationId: string; matched: string | null }) =>
  positiveReplyReceived.create(data, { id: `positive-reply-${data.messageId}` })
