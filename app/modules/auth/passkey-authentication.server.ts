import {
  generateAuthenticationOptions,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import type { Prisma } from '~/utils/db.server'
import { AppError, isAppError } from '~/utils/app-error'
import { verifyPasskeyAssertion, type AssertionFailure } from './verify-passkey-assertion.server'
import { challengeOf, consumeChallenge, storeChallenge } from './webauthn-challenges.server'
import { webauthnConfig } from './webauthn-config.server'

/** Options for signing in with any passkey of this site: the user picks one, types nothing. */
export async function startPasskeyAuthentication(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = webauthnConfig()
  const requestOptions = await generateAuthenticationOptions({ rpID, userVerification: 'required', allowCredentials: [] })
  await storeChallenge({ challenge: requestOptions.challenge, purpose: 'authentication' })
  return requestOptions
}

const rejected = (detail?: string) =>
  new AppError('webauthn_authentication_rejected', `That passkey could not sign you in.${detail ? ` ${detail}` : ''}`, 401)

export type { AssertionFailure }

export type PasskeyAssertion =
  | { outcome: 'verified'; userId: string; passkeyId: string }
  /**
   * Refused before any signature was checked (no, a spent or an expired
   * challenge; an unknown passkey), or a verified passkey of a disabled
   * account (`owner` set). Nobody's failure count moves.
   */
  | { outcome: 'refused'; error: AppError; owner?: { userId: string; passkeyId: string } }
  /** A registered passkey whose assertion did not verify: a failure against its owner. */
  | { outcome: 'failed'; error: AppError; reason: AssertionFailure; owner: { userId: string; passkeyId: string } }

/**
 * Checks a sign-in assertion: single-use challenge, user handle, origin, RP
 * ID, user verification, and a signature counter that never goes backwards
 * (a cloned authenticator would replay an old value). Spends the challenge
 * and moves the counter with `db`, the caller's transaction, so both happen
 * only if what the sign-in starts is saved too.
 */
export async function verifyPasskeyAuthentication(options: {
  response: AuthenticationResponseJSON
  db: Prisma.TransactionClient
}): Promise<PasskeyAssertion> {
  const { response, db } = options
  let challenge
  try {
    challenge = await consumeChallenge({ challenge: challengeOf(response), purpose: 'authentication', db })
  } catch (error) {
    if (isAppError(error)) return { outcome: 'refused', error }
    throw error
  }
  const passkey = await db.passkey.findUnique({
    where: { id: response.id },
    select: { id: true, userId: true, publicKey: true, counter: true, transports: true, user: { select: { status: true } } },
  })
  if (!passkey) return { outcome: 'refused', error: rejected('This passkey is not registered here (it may have been removed).') }
  const owner = { userId: passkey.userId, passkeyId: passkey.id }
  const failed = (reason: AssertionFailure, detail?: string): PasskeyAssertion => ({ outcome: 'failed', error: rejected(detail), reason, owner })

  const check = await verifyPasskeyAssertion({ response, expectedChallenge: challenge.challenge, passkey, db })
  if (!check.verified) return failed(check.reason, check.detail)
  // Only a verified assertion learns that the account is disabled; junk learns nothing.
  if (passkey.user.status !== 'active') return { outcome: 'refused', error: rejected('This account is disabled.'), owner }
  return { outcome: 'verified', ...owner }
}
