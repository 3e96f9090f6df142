import { getEnv } from '~/utils/env.server'
import { decryptCarrierToken } from './carrier-token-crypto.server'
import { mapTwilioStatus, type MessageStatus } from './message-status-order'
import { sendSmsViaTwilio } from './send-sms-via-twilio.server'
import { simulatedCarrier } from './simulated-carrier.server'
import { createTwilioClient } from './twilio-client.server'

export type CarrierMessage = {
  from: string
  to: string
  body: string
  /** Public URLs of the images it carries (an MMS): the carrier fetches them. */
  mediaUrls?: string[]
  /** Where the carrier reports the message's status. */
  statusCallbackUrl?: string
  /** Seconds the carrier may hold the message before dropping it: no longer than the recipient's window allows. */
  validityPeriodSeconds?: number
}

export type CarrierAccepted = { sid: string; status: MessageStatus; numSegments: number }

/**
 * One interface for every carrier. `send` resolves when the carrier took the
 * message, and throws a TwilioSendError (its `outcomeUnknown` says whether the
 * message may exist all the same) when it did not.
 */
export type Carrier = {
  kind: 'twilio' | 'simulated'
  send: (message: CarrierMessage) => Promise<CarrierAccepted>
  /** The message the carrier took from `from` to `to` with this body since `since`, if it has one (settling an unknown send). */
  findSent: (query: { from: string; to: string; body: string; since: Date }) => Promise<CarrierAccepted | null>
}

/** A `carrier_accounts` row as the send path's queries read it. */
export type CarrierAccountRow = {
  kind: 'twilio' | 'simulated'
  account_sid: string | null
  auth_token_ciphertext: string | null
  auth_token_key_id: string | null
}

/** The carrier of an account: Twilio through the SDK with the decrypted token, or the simulated one. */
export function carrierForAccount(account: CarrierAccountRow): Carrier {
  if (account.kind === 'simulated') return simulatedCarrier
  const authToken = decryptCarrierToken({ ciphertext: account.auth_token_ciphertext!, keyId: account.auth_token_key_id! })
  const client = createTwilioClient({
    accountSid: account.account_sid!,
    authToken,
    apiBaseUrl: getEnv().TWILIO_API_BASE_URL,
    timeoutMs: 15_000,
  })
  return {
    kind: 'twilio',
    async send(message) {
      const sent = await sendSmsViaTwilio({
        client,
        from: message.from,
        to: message.to,
        body: message.body,
        mediaUrls: message.mediaUrls,
        statusCallbackUrl: message.statusCallbackUrl,
        validityPeriodSeconds: message.validityPeriodSeconds,
      })
      return { sid: sent.sid, status: toMessageStatus(sent.status), numSegments: sent.numSegments }
    },
    async findSent({ from, to, body, since }) {
      const page = await client.messages.list({ from, to, dateSentAfter: since, limit: 50 })
      const match = page.find((m) => m.body === body && m.direction.startsWith('outbound'))
      return match ? { sid: match.sid, status: toMessageStatus(match.status), numSegments: Number(match.numSegments) || 1 } : null
    },
  }
}

function toMessageStatus(twilioStatus: string): MessageStatus {
  return mapTwilioStatus(twilioStatus) ?? 'queued'
}
