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
