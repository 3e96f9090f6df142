import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers'
import type { Prisma } from '~/utils/db.server'
import { AppError, isAppError } from '~/utils/app-error'
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

/** Why a known passkey's assertion did not verify (the audit log's `reason`). */
export type AssertionFailure = 'verification_failed' | 'user_handle_mismatch' | 'counter_regressed'

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

/** Whether the assertion's user handle (when it carries one) is the id the passkey was registered for. */
function userHandleMatches(userHandle: string | undefined, userId: string): boolean {
  if (userHandle === undefined) return true
  try {
    // Registration sets the WebAuthn user id to the UTF-8 bytes of our user id.
    return isoUint8Array.areEqual(isoBase64URL.toBuffer(userHandle), isoUint8Array.fromUTF8String(userId))
  } catch {
    return false
  }
}

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

  if (!userHandleMatches(response.response.userHandle, passkey.userId)) {
    return failed('user_handle_mismatch', 'The passkey answered for another account.')
  }
  const { rpID, origins } = webauthnConfig()
  let verification
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origins,
      expectedRPID: rpID,
      requireUserVerification: true,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: Number(passkey.counter),
        transports: passkey.transports as never,
      },
    })
  } catch (error) {
    return failed('verification_failed', (error as Error).message)
  }
  if (!verification.verified) return failed('verification_failed')
  if (passkey.user.status !== 'active') return { outcome: 'refused', error: rejected('This account is disabled.'), owner }

  const newCounter = BigInt(verification.authenticationInfo.newCounter)
  // Conditional update: two sign-ins racing with the same counter cannot both pass.
  const updated = await db.passkey.updateMany({
    where: { id: passkey.id, OR: [{ counter: { lt: newCounter } }, { counter: 0, AND: { counter: newCounter } }] },
    data: { counter: newCounter, lastUsedAt: new Date() },
  })
  if (updated.count === 0) return failed('counter_regressed', 'The passkey’s signature counter went backwards; it may have been cloned.')
  return { outcome: 'verified', ...owner }
}
