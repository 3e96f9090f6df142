import { possibleE164 } from '~/modules/compliance/consent-number'
import { isAppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { logger } from '~/utils/logger.server'
import { decryptCarrierToken } from './carrier-token-crypto.server'
import { verifyTwilioSignature } from './verify-twilio-signature.server'

export type TwilioWebhookParams = Record<string, string | string[]>

export type AuthenticatedTwilioWebhook =
  | { ok: true; params: TwilioWebhookParams }
  | { ok: false; status: 403 | 503; reason: string }

type Account = { accountSid: string | null; ciphertext: string | null; keyId: string | null }

// One answer for an unknown account or number and a bad signature: a caller learns nothing about which exist.
const REFUSED = { ok: false, status: 403, reason: 'Forbidden: not signed by Twilio for this number or account.' } as const

/**
 * Whether a Twilio webhook (an inbound message, or a status callback) was
 * signed with the auth token of the carrier account it names: an inbound
 * message by the account of the number it was sent to (`To`), a status
 * callback by its `AccountSid`, which must also be the account the message
 * was sent through. The URL signed is rebuilt from APP_URL, never from the
 * Host header. Only reads: nothing is written before the signature holds.
 */
export async function authenticateTwilioWebhook(options: {
  kind: 'inbound' | 'status'
  /** The request's path and query string as received. */
  path: string
  /** The form-encoded POST body, decoded. */
  form: URLSearchParams
  /** The `X-Twilio-Signature` header. */
  signature: string | null
}): Promise<AuthenticatedTwilioWebhook> {
  const publicBaseUrl = getEnv().APP_URL
  if (!publicBaseUrl) {
    return { ok: false, status: 503, reason: 'APP_URL is not set, so Twilio’s signature cannot be verified; the webhook is refused.' }
  }
  if (!options.signature) return refuse(options.kind, 'unsigned')
  const params = paramsOf(options.form)
  const accountSid = single(params.AccountSid)
  const accounts = options.kind === 'inbound' ? await accountOfNumber(single(params.To), accountSid) : await accountsWithSid(accountSid)
  if (accounts.length === 0) return refuse(options.kind, 'unknown_account')

  let undecryptable = false
  for (const account of accounts) {
    const authToken = decrypt(account)
    if (authToken === UNDECRYPTABLE) undecryptable = true
    else if (authToken && verifyTwilioSignature({ authToken, publicBaseUrl, path: options.path, params, signature: options.signature })) {
      if (options.kind === 'status' && !(await sentThrough(single(params.MessageSid), account.accountSid))) {
        return refuse(options.kind, 'message_of_another_account')
      }
      return { ok: true, params }
    }
  }
  if (undecryptable) return { ok: false, status: 503, reason: 'The carrier account’s auth token cannot be decrypted; the webhook cannot be verified.' }
  return refuse(options.kind, 'bad_signature')
}

/** A repeated key keeps all its values, in order, as Twilio signs them. */
function paramsOf(form: URLSearchParams): TwilioWebhookParams {
  const params: TwilioWebhookParams = {}
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key)
    params[key] = values.length === 1 ? values[0]! : values
  }
  return params
}

function single(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

async function accountOfNumber(to: string | null, accountSid: string | null): Promise<Account[]> {
  if (!to) return []
  const { rows } = await pool.query<Account>(
    `SELECT ca.account_sid AS "accountSid", ca.auth_token_ciphertext AS ciphertext, ca.auth_token_key_id AS "keyId"
       FROM sender_numbers sn JOIN carrier_accounts ca ON ca.id = sn.carrier_account_id
      WHERE sn.e164 = $1 AND ca.kind = 'twilio'`,
    [possibleE164(to) ?? to],
  )
  return rows.filter((account) => !accountSid || account.accountSid === accountSid)
}

// account_sid is not unique: organizations may share a Twilio account, each with its own encrypted copy of the token.
async function accountsWithSid(accountSid: string | null): Promise<Account[]> {
  if (!accountSid) return []
  const { rows } = await pool.query<Account>(
    `SELECT account_sid AS "accountSid", auth_token_ciphertext AS ciphertext, auth_token_key_id AS "keyId"
       FROM carrier_accounts WHERE kind = 'twilio' AND account_sid = $1`,
    [accountSid],
  )
  return rows
}

/**
 * Whether a message was sent through this account, or is not ours (yet: a
 * callback can overtake the send's answer). Every organization may bring its
 * own Twilio account, so a valid signature proves only who the caller is, not
 * that it may report on another account's message.
 */
async function sentThrough(messageSid: string | null, accountSid: string | null): Promise<boolean> {
  if (!messageSid) return true
  const { rows } = await pool.query<{ account_sid: string | null }>(
    `SELECT ca.account_sid FROM messages m
       JOIN sender_numbers sn ON sn.id = m.sender_number_id
       JOIN carrier_accounts ca ON ca.id = sn.carrier_account_id
      WHERE m.carrier_sid = $1 AND m.direction = 'outbound'`,
    [messageSid],
  )
  return rows.every((row) => row.account_sid === accountSid)
}

const UNDECRYPTABLE = Symbol('undecryptable')

function decrypt(account: Account): string | null | typeof UNDECRYPTABLE {
  if (!account.ciphertext || !account.keyId) return null
  try {
    return decryptCarrierToken({ ciphertext: account.ciphertext, keyId: account.keyId })
  } catch (error) {
    if (!isAppError(error)) throw error
    logger.error('a Twilio webhook could not be verified: the carrier account’s auth token cannot be decrypted', { code: error.code, accountSid: account.accountSid })
    return UNDECRYPTABLE
  }
}

function refuse(kind: 'inbound' | 'status', why: string): AuthenticatedTwilioWebhook {
  logger.warn('Twilio webhook refused', { kind, why })
  return REFUSED
}
