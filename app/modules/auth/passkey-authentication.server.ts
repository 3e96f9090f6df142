import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
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

/**
 * Verifies a sign-in: single-use challenge, origin, RP ID, user verification,
 * and a signature counter that never goes backwards (a cloned authenticator
 * would replay an old value). Returns the user id on success.
 */
export async function verifyPasskeyAuthentication(
  response: AuthenticationResponseJSON,
): Promise<{ userId: string; passkeyId: string }> {
  const challenge = await consumeChallenge({ challenge: challengeOf(response), purpose: 'authentication' })
  const passkey = await prisma.passkey.findUnique({
    where: { id: response.id },
    select: { id: true, userId: true, publicKey: true, counter: true, transports: true, user: { select: { status: true } } },
  })
  if (!passkey) throw rejected('This passkey is not registered here (it may have been removed).')
  if (passkey.user.status !== 'active') throw rejected('This account is disabled.')
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
    throw rejected((error as Error).message)
  }
  if (!verification.verified) throw rejected()
  const newCounter = BigInt(verification.authenticationInfo.newCounter)
  // Conditional update: two sign-ins racing with the same counter cannot both pass.
  const updated = await prisma.passkey.updateMany({
    where: { id: passkey.id, OR: [{ counter: { lt: newCounter } }, { counter: 0, AND: { counter: newCounter } }] },
    data: { counter: newCounter, lastUsedAt: new Date() },
  })
  if (updated.count === 0) throw rejected('The passkey’s signature counter went backwards; it may have been cloned.')
  return { userId: passkey.userId, passkeyId: passkey.id }
}
