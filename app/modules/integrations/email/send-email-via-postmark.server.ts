import { Errors } from 'postmark'
import { AppError } from '~/utils/app-error'
import type { PostmarkClient } from './postmark-client.server'

export type SendEmailViaPostmarkOptions = {
  client: PostmarkClient
  from: string
  to: string
  subject: string
  textBody?: string | null
  htmlBody?: string | null
  tag?: string | null
  /** Stored by Postmark with the message and searchable there (we pass our outbox id). */
  metadata?: Record<string, string>
}

export type SentEmail = { messageId: string; submittedAt: Date }

/**
 * A send Postmark refused or that did not complete. `retriable`: the same
 * send may succeed later (network, 5xx, 429, a bad token or an account-level
 * block that an operator can fix). `outcomeUnknown`: the request may have
 * reached Postmark, so a retry may deliver the email twice.
 */
export class PostmarkSendError extends AppError {
  override name = 'PostmarkSendError'
  constructor(
    message: string,
    readonly postmarkCode: number | null,
    readonly httpStatus: number | null,
    readonly retriable: boolean,
    readonly outcomeUnknown: boolean,
  ) {
    super('postmark_send_failed', message, 502, { postmarkCode, httpStatus, retriable, outcomeUnknown })
  }
}

// 422 answers about the account, not the message: 100 maintenance, 405 out of
// credits ("not allowed to send"), 429 rate limited. Every other 422 (300
// invalid request, 406 inactive recipient, 400/401 sender signature, …) will
// fail again the same way.
const RETRIABLE_POSTMARK_CODES = new Set([100, 405, 429])

export async function sendEmailViaPostmark({
  client,
  from,
  to,
  subject,
  textBody,
  htmlBody,
  tag,
  metadata,
}: SendEmailViaPostmarkOptions): Promise<SentEmail> {
  try {
    const response = await client.sendEmail({
      From: from,
      To: to,
      Subject: subject,
      ...(textBody ? { TextBody: textBody } : {}),
      ...(htmlBody ? { HtmlBody: htmlBody } : {}),
      ...(tag ? { Tag: tag } : {}),
      ...(metadata ? { Metadata: metadata } : {}),
      MessageStream: 'outbound',
    })
    return { messageId: response.MessageID, submittedAt: new Date(response.SubmittedAt) }
  } catch (error) {
    throw toPostmarkSendError(error)
  }
}

function toPostmarkSendError(error: unknown): unknown {
  if (!(error instanceof Errors.PostmarkError)) return error
  const { statusCode, code } = error
  // The SDK reports network failures and timeouts with status 0, and drops the
  // cause (refused vs reset), so we cannot tell whether Postmark got the request.
  if (statusCode === 0) {
    return new PostmarkSendError(`Postmark could not be reached: ${error.message}`, null, null, true, true)
  }
  const retriable =
    statusCode === 401 || statusCode === 408 || statusCode === 429 || statusCode >= 500 || RETRIABLE_POSTMARK_CODES.has(code)
  const label = code ? `${code} (HTTP ${statusCode})` : `HTTP ${statusCode}`
  return new PostmarkSendError(`Postmark error ${label}: ${error.message}`, code || null, statusCode, retriable, statusCode >= 500)
}
