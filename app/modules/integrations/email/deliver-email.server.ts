import { prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { markEmailFailed } from './mark-email-failed.server'
import { createPostmarkClient } from './postmark-client.server'
import { PostmarkSendError, sendEmailViaPostmark, type SentEmail } from './send-email-via-postmark.server'

export type DeliveryOutcome =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'captured' }
  | { status: 'failed'; error: string }
  /** Already delivered, captured or failed by an earlier run: nothing was sent now. */
  | { status: 'skipped'; current: 'sent' | 'captured' | 'failed' }

/** Postmark answers in well under a second; a stuck request must not hold a worker for the SDK's 180 s. */
const POSTMARK_TIMEOUT_MS = 30_000

/**
 * Delivers one queued outbox message, or keeps it as `captured` when no
 * provider is configured. A permanent refusal (invalid address, inactive
 * recipient) marks it `failed` and returns; a transient failure throws so the
 * job retries.
 *
 * Idempotent by the row's status: a message that is no longer `queued` is not
 * sent again. Postmark has no idempotency key, so delivery is at least once:
 * if Postmark accepted the email but we never learned it (timeout, reset, a
 * crash before the row was updated), the retry sends it a second time. Each
 * send carries our message id as Postmark metadata, so duplicates can be found.
 */
export async function deliverEmail({ messageId }: { messageId: string }): Promise<DeliveryOutcome> {
  const message = await prisma.emailMessage.findUnique({ where: { id: messageId } })
  // Not committed yet (queued inside a caller's transaction) or rolled back:
  // throwing lets the job look again later; after its last retry, nothing is lost
  // because nothing was ever stored.
  if (!message) throw new Error(`Email ${messageId} is not in the outbox (yet)`)
  if (message.status !== 'queued') return { status: 'skipped', current: message.status }

  const env = getEnv()
  if (!env.POSTMARK_SERVER_TOKEN) {
    await prisma.emailMessage.updateMany({ where: { id: messageId, status: 'queued' }, data: { status: 'captured' } })
    return { status: 'captured' }
  }

  const client = createPostmarkClient({
    serverToken: env.POSTMARK_SERVER_TOKEN,
    apiBaseUrl: env.POSTMARK_API_URL,
    timeoutMs: POSTMARK_TIMEOUT_MS,
  })
  let sent: SentEmail
  try {
    sent = await sendEmailViaPostmark({
      client,
      from: env.EMAIL_FROM,
      to: message.to,
      subject: message.subject,
      textBody: message.textBody,
      htmlBody: message.htmlBody,
      tag: message.tag,
      metadata: { emailMessageId: message.id },
    })
  } catch (error) {
    if (error instanceof PostmarkSendError && !error.retriable) {
      await markEmailFailed({ messageId, error: error.message })
      return { status: 'failed', error: error.message }
    }
    throw error
  }

  const eraseBodies = env.APP_ENV === 'production' && message.carriesSecret
  await prisma.emailMessage.updateMany({
    where: { id: messageId, status: 'queued' },
    data: {
      status: 'sent',
      provider: 'postmark',
      providerMessageId: sent.messageId,
      sentAt: new Date(),
      error: null,
      ...(eraseBodies ? { textBody: null, htmlBody: null } : {}),
    },
  })
  return { status: 'sent', providerMessageId: sent.messageId }
}
