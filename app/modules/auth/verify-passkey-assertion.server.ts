import { verifyAuthenticationResponse, type AuthenticationResponseJSON } from '@simplewebauthn/server'
import type { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { webauthnConfig } from './webauthn-config.server'

type StoredPasskey = { id: string; publicKey: Uint8Array; counter: bigint; transports: string[] }

/**
 * Checks one assertion by a known passkey against the challenge it answers:
 * origin, RP ID, user verification and the signature, then moves the
 * signature counter forward with a conditional UPDATE so a replayed or
 * cloned authenticator cannot pass twice. Throws `rejected(detail)`.
 */
export async function verifyPasskeyAssertion(options: {
  response: AuthenticationResponseJSON
  expectedChallenge: string
  passkey: StoredPasskey
  rejected: (detail?: string) => AppError
}): Promise<void> {
  const { response, passkey, rejected } = options
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
    throw rejected((error as Error).message)
  }
  if (!verification.verified) throw rejected()
  const newCounter = BigInt(verification.authenticationInfo.newCounter)
  const updated = await prisma.passkey.updateMany({
    where: { id: passkey.id, OR: [{ counter: { lt: newCounter } }, { counter: 0, AND: { counter: newCounter } }] },
    data: { counter: newCounter, lastUsedAt: new Date() },
  })
  if (updated.count === 0) throw rejected('The passkey’s signature counter went backwards; it may have been cloned.')
}
