import { z } from 'zod'

// The forms of Settings › Carriers: validated in the browser, and again by the action and the modules.

/** `AC` and 32 hexadecimal characters, as Twilio shows it in its console. */
export const TWILIO_ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/
/** Twilio auth tokens are 32 hexadecimal characters. */
export const TWILIO_AUTH_TOKEN = /^[0-9a-fA-F]{32}$/
export const CARRIER_ACCOUNT_NAME_MAX_LENGTH = 80
export const PAUSED_REASON_MAX_LENGTH = 200

export const ACCOUNT_SID_MESSAGE = 'An Account SID is AC followed by 32 characters 0–9 and a–f'
export const AUTH_TOKEN_MESSAGE = 'An Auth Token is 32 characters 0–9 and a–f'

/** Twilio SIDs are lower-case hexadecimal after their prefix; a pasted upper-case one means the same account. */
export const normalizeAccountSid = (sid: string) => `AC${sid.trim().slice(2).toLowerCase()}`

export const addTwilioAccountSchema = z.object({
  intent: z.literal('add-account'),
  name: z
    .string({ error: 'Enter a name' })
    .trim()
    .min(1, 'Enter a name')
    .max(CARRIER_ACCOUNT_NAME_MAX_LENGTH, `Use at most ${CARRIER_ACCOUNT_NAME_MAX_LENGTH} characters`),
  accountSid: z.string({ error: 'Enter the Account SID' }).trim().regex(TWILIO_ACCOUNT_SID, ACCOUNT_SID_MESSAGE),
  authToken: z.string({ error: 'Enter the Auth Token' }).trim().regex(TWILIO_AUTH_TOKEN, AUTH_TOKEN_MESSAGE),
})

export const carrierActionSchema = z.discriminatedUnion('intent', [
  addTwilioAccountSchema,
  z.object({ intent: z.literal('import-numbers'), accountId: z.uuid() }),
  z.object({ intent: z.literal('set-account-status'), accountId: z.uuid(), status: z.enum(['active', 'disabled']) }),
  z.object({
    intent: z.literal('set-number-status'),
    numberId: z.uuid(),
    status: z.enum(['active', 'paused']),
    reason: z.string().trim().max(PAUSED_REASON_MAX_LENGTH, `Use at most ${PAUSED_REASON_MAX_LENGTH} characters`).optional(),
  }),
])
