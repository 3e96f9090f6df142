import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server'
import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers'
import { prisma, type Prisma } from '~/utils/db.server'
import { webauthnConfig } from './webauthn-config.server'

type StoredPasskey = { id: string; userId: string; publicKey: Uint8Array; counter: bigint; transports: string[] }

/** Why a known passkey's assertion did not verify (the audit log's `reason`). */
export type AssertionFailure = 'verification_failed' | 'user_handle_mismatch' | 'counter_regressed'

export type AssertionCheck = { verified: true } | { verified: false; reason: AssertionFailure; detail?: string }

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
 * Checks one assertion by a known passkey against the challenge it answers —
 * user handle, origin, RP ID, user verification and the signature — then
 * moves the signature counter forward with a conditional UPDATE, so a
 * replayed or cloned authenticator cannot pass twice (two racing assertions
 * with the same counter cannot both pass). Pass the caller's transaction as
 * `db` when the counter may only move if what the assertion starts is saved.
 */
export async function verifyPasskeyAssertion(options: {
  response: AuthenticationResponseJSON
  expectedChallenge: string
  passkey: StoredPasskey
  db?: Prisma.TransactionClient
}): Promise<AssertionCheck> {
  const { response, passkey } = options
  if (!userHandleMatches(response.response.userHandle, passkey.userId)) {
    return { verified: false, reason: 'user_handle_mismatch', detail: 'The passkey answered for another account.' }
  }
  const { rpID, origins } = webauthnConfig()
  let verification
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: options.expectedChallenge,
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
    return { verified: false, reason: 'verification_failed', detail: (error as Error).message }
  }
  if (!verification.verified) return { verified: false, reason: 'verification_failed' }
  const newCounter = BigInt(verification.authenticationInfo.newCounter)
  const updated = await (options.db ?? prisma).passkey.updateMany({
    where: { id: passkey.id, OR: [{ counter: { lt: newCounter } }, { counter: 0, AND: { counter: newCounter } }] },
    data: { counter: newCounter, lastUsedAt: new Date() },
  })
  if (updated.count === 0) {
    return { verified: false, reason: 'counter_regressed', detail: 'The passkey’s signature counter went backwards; it may have been cloned.' }
  }
  return { verified: true }
}
