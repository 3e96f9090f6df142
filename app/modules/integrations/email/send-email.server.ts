import { z } from 'zod'
import { inngest } from '../../../../inngest/client'
import { emailQueuedEvent } from '../../../../inngest/events'
import { AppError } from '~/utils/app-error'
import { prisma, Prisma } from '~/utils/db.server'
import { markEmailFailed } from './mark-email-failed.server'

export type SendEmailOptions = {
  to: string
  subject: string
  text: string
  html?: string
  /** What the email is for (`EMAIL_TAG`); lower-case words joined by dashes. */
  tag: string
  /**
   * Whether the body holds a one-time secret: a sign-in, recovery or
   * invitation link, a code. Every caller says so explicitly; such a body is
   * shown in the outbox only to its recipient, and erased in production once sent.
   */
  carriesSecret: boolean
  /** Unset for platform emails (recovery) that belong to no organization. */
  organizationId?: string | null
  /**
   * The caller's transaction, to enqueue together with its own writes. The
   * delivery event is still sent before that transaction commits; the delivery
   * function retries until the row is visible, and finds nothing (and does
   * nothing) if the transaction rolled back.
   */
  db?: Prisma.TransactionClient
}

const singleLine = /^[^\r\n]*$/

const sendEmailSchema = z.object({
  to: z.string().trim().pipe(z.email({ error: 'Not a valid email address' })),
  subject: z.string().trim().min(1, 'A subject is required').max(500).regex(singleLine, 'The subject must be one line'),
  text: z.string().trim().min(1, 'A text body is required'),
  html: z.string().trim().min(1).optional(),
  tag: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Tags are lower-case words joined by dashes').max(64),
  carriesSecret: z.boolean(),
  organizationId: z.uuid().nullish(),
})

/**
 * Queues one transactional email: the outbox row first, then the event that
 * delivers it, so nothing is sent that was not recorded. Whether it goes out
 * through Postmark or stays `captured` in the outbox (no POSTMARK_SERVER_TOKEN)
 * is decided by the delivery function, so every email takes the same path.
 */
export async function sendEmail({ db, ...input }: SendEmailOptions): Promise<{ id: string }> {
  const parsed = sendEmailSchema.safeParse(input)
  if (!parsed.success) {
    const fieldErrors = z.flattenError(parsed.error).fieldErrors
    const summary = Object.entries(fieldErrors)
      .map(([field, messages]) => `${field}: ${messages?.join(', ')}`)
      .join('; ')
    throw new AppError('invalid_email', `The email cannot be sent (${summary})`, 400, { fieldErrors })
  }
  const { to, subject, text, html, tag, carriesSecret, organizationId } = parsed.data

  const message = await (db ?? prisma).emailMessage.create({
    data: { to, subject, textBody: text, htmlBody: html ?? null, tag, carriesSecret, organizationId: organizationId ?? null },
    select: { id: true },
  })

  try {
    await inngest.send(emailQueuedEvent(message.id))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    // In the caller's transaction the throw rolls the row back with everything
    // else; on its own the row is already committed and must say why it stays.
    if (!db) await markEmailFailed({ messageId: message.id, error: `Could not be queued for delivery: ${reason}` })
    throw new AppError('email_not_queued', 'The email could not be queued for delivery. Try again.', 503, { reason })
  }
  return message
}
