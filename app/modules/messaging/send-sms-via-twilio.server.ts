import type { MessageInstance } from 'twilio/lib/rest/api/v2010/account/message'
import { AppError } from '~/utils/app-error'
import type { TwilioClient } from './twilio-client.server'

export type SendSmsViaTwilioOptions = {
  client: TwilioClient
  from: string
  to: string
  body: string
  mediaUrls?: string[]
  statusCallbackUrl?: string
  /** Seconds Twilio may queue the message before dropping it (1–36000; 14400 by default). */
  validityPeriodSeconds?: number
}

export type SentSms = { sid: string; status: MessageInstance['status']; numSegments: number }

/**
 * A send Twilio refused or that did not complete. `retriable`: the same send
 * may succeed later. `outcomeUnknown`: the request may have reached Twilio,
 * so the message may exist; reconcile before any retry, never resend blindly.
 */
export class TwilioSendError extends AppError {
  override name = 'TwilioSendError'
  constructor(
    message: string,
    readonly twilioCode: number | null,
    readonly httpStatus: number | null,
    readonly retriable: boolean,
    readonly outcomeUnknown: boolean,
  ) {
    super('twilio_send_failed', message, 502, { twilioCode, httpStatus, retriable, outcomeUnknown })
  }
}

// 4xx answers that only mean "not now": rate limited, or the sender's queue is full.
const RETRIABLE_TWILIO_CODES = new Set([20429, 21611])
// The connection was never established, so nothing reached Twilio.
const NOT_SENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])

export async function sendSmsViaTwilio({
  client,
  from,
  to,
  body,
  mediaUrls,
  statusCallbackUrl,
  validityPeriodSeconds,
}: SendSmsViaTwilioOptions): Promise<SentSms> {
  let message: MessageInstance
  try {
    message = await client.messages.create({
      to,
      from,
      body,
      ...(mediaUrls?.length ? { mediaUrl: mediaUrls } : {}),
      ...(statusCallbackUrl ? { statusCallback: statusCallbackUrl } : {}),
      ...(validityPeriodSeconds ? { validityPeriod: Math.max(1, Math.min(36_000, Math.floor(validityPeriodSeconds))) } : {}),
    })
  } catch (error) {
    throw toTwilioSendError(error)
  }
  return { sid: message.sid, status: message.status, numSegments: Number(message.numSegments) }
}

function toTwilioSendError(error: unknown): unknown {
  if (!(error instanceof Error)) return error
  const { status, code, isAxiosError } = error as { status?: unknown; code?: unknown; isAxiosError?: unknown }

  // RestException and TwilioServiceException: Twilio answered with an error.
  if (typeof status === 'number') {
    const twilioCode = typeof code === 'number' ? code : null
    const retriable = status === 429 || status >= 500 || (twilioCode !== null && RETRIABLE_TWILIO_CODES.has(twilioCode))
    const label = twilioCode === null ? `HTTP ${status}` : String(twilioCode)
    return new TwilioSendError(`Twilio error ${label}: ${error.message}`, twilioCode, status, retriable, status >= 500)
  }

  // The SDK's request pipeline (axios) accepts every status, so its errors are transport failures.
  if (isAxiosError === true) {
    const networkCode = typeof code === 'string' ? code : 'unknown'
    return new TwilioSendError(
      `Twilio could not be reached (${networkCode})`,
      null,
      null,
      true,
      !NOT_SENT_NETWORK_CODES.has(networkCode),
    )
  }
  return error
}
