import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { prisma, Prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { encryptCarrierToken } from './carrier-token-crypto.server'
import {
  ACCOUNT_SID_MESSAGE,
  AUTH_TOKEN_MESSAGE,
  CARRIER_ACCOUNT_NAME_MAX_LENGTH,
  normalizeAccountSid,
  TWILIO_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN,
} from './twilio-account-form'
import { twilioCallError } from './twilio-call-error.server'
import { createTwilioClient } from './twilio-client.server'

export type AddedTwilioAccount = {
  id: string
  name: string
  accountSidLast4: string
  /** What Twilio calls the account, and whether it is a trial. */
  twilio: { friendlyName: string; type: string }
}

const REFUSED =
  'Twilio refused these credentials. Check the Account SID and Auth Token (Twilio Console › Account info); nothing was saved.'

const fieldError = (code: string, field: string, message: string, status = 400) =>
  new AppError(code, message, status, { field })

/**
 * Adds a Twilio account to the organization, only once Twilio has accepted
 * its credentials (the SDK fetches the account itself): an unverified
 * account is never stored. The auth token is stored encrypted with the
 * carrier key ring; it is never returned, logged or audited.
 */
export async function addTwilioAccount(options: {
  organizationId: string
  actor: Actor
  name: string
  accountSid: string
  authToken: string
  /** Per-request timeout of the credential check. */
  timeoutMs?: number
}): Promise<AddedTwilioAccount> {
  const name = options.name.trim()
  const rawSid = options.accountSid.trim()
  const authToken = options.authToken.trim()
  if (name.length < 1 || name.length > CARRIER_ACCOUNT_NAME_MAX_LENGTH) {
    throw fieldError('invalid_carrier_account', 'name', `The name must be 1 to ${CARRIER_ACCOUNT_NAME_MAX_LENGTH} characters.`)
  }
  if (!TWILIO_ACCOUNT_SID.test(rawSid)) throw fieldError('invalid_carrier_account', 'accountSid', `${ACCOUNT_SID_MESSAGE}.`)
  if (!TWILIO_AUTH_TOKEN.test(authToken)) throw fieldError('invalid_carrier_account', 'authToken', `${AUTH_TOKEN_MESSAGE}.`)
  const accountSid = normalizeAccountSid(rawSid)
  const { organizationId } = options

  // Cheap refusals first: no call to Twilio for an account that cannot be added anyway.
  const clash = await prisma.carrierAccount.findFirst({
    where: { organizationId, OR: [{ name }, { accountSid }] },
    select: { name: true },
  })
  if (clash?.name === name) throw nameTaken()
  if (clash) throw sidTaken()

  const client = createTwilioClient({
    accountSid,
    authToken,
    apiBaseUrl: getEnv().TWILIO_API_BASE_URL,
    timeoutMs: options.timeoutMs ?? 10_000,
  })
  let twilioAccount: { friendlyName: string; status: string; type: string }
  try {
    twilioAccount = await client.api.v2010.accounts(accountSid).fetch()
  } catch (error) {
    throw twilioCallError(error, REFUSED)
  }
  if (twilioAccount.status !== 'active') {
    throw new AppError(
      'twilio_account_inactive',
      `Twilio says this account is ${twilioAccount.status}; only an active account can send. Nothing was saved.`,
      422,
    )
  }

  const encrypted = encryptCarrierToken(authToken)
  try {
    return await withAudit({ actor: options.actor, action: 'carrier_account.added', organizationId }, async (tx) => {
      const row = await tx.carrierAccount.create({
        data: {
          organizationId,
          kind: 'twilio',
          name,
          accountSid,
          authTokenCiphertext: encrypted.ciphertext,
          authTokenKeyId: encrypted.keyId,
        },
        select: { id: true, name: true, kind: true, status: true, mps: true, dailyCap: true },
      })
      const added: AddedTwilioAccount = {
        id: row.id,
        name: row.name,
        accountSidLast4: accountSid.slice(-4),
        twilio: { friendlyName: twilioAccount.friendlyName, type: twilioAccount.type },
      }
      return {
        result: added,
        target: { type: 'carrier_account', id: row.id },
        summary: {
          after: {
            kind: row.kind,
            name: row.name,
            accountSid: `AC…${added.accountSidLast4}`,
            status: row.status,
            mps: row.mps,
            dailyCap: row.dailyCap,
          },
          verifiedWithTwilio: { friendlyName: twilioAccount.friendlyName, type: twilioAccount.type },
        },
      }
    })
  } catch (error) {
    // Added by someone else between the check above and now.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw nameTaken()
    throw error
  }
}

function nameTaken() {
  return fieldError('carrier_account_name_taken', 'name', 'Another carrier account of this organization has this name.', 409)
}

function sidTaken() {
  return fieldError('carrier_account_exists', 'accountSid', 'This Twilio account is already added to this organization.', 409)
}
