import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { isoUint8Array } from '@simplewebauthn/server/helpers'
import type { Prisma } from '~/utils/db.server'
import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { challengeOf, consumeChallenge, storeChallenge } from './webauthn-challenges.server'
import { webauthnConfig } from './webauthn-config.server'

/**
 * Options for creating a discoverable passkey (the user will sign in without
 * typing a name) that requires user verification (PIN or biometrics).
 */
export async function startPasskeyRegistration(options: {
  userId: string
  userName: string
  displayName: string
  invitationId?: string
  context?: Prisma.InputJsonValue
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID, rpName } = webauthnConfig()
  const existing = await prisma.passkey.findMany({ where: { userId: options.userId }, select: { id: true, transports: true } })
  const creationOptions = await generateRegistrationOptions({
    rpName,
    rpID,
    userID: isoUint8Array.fromUTF8String(options.userId),
    userName: options.userName,
    userDisplayName: options.displayName,
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({
      id: p.id,
      transports: p.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    supportedAlgorithmIDs: [-7, -257],
  })
  await storeChallenge({
    challenge: creationOptions.challenge,
    purpose: 'registration',
    userId: options.userId,
    invitationId: options.invitationId,
    context: options.context,
  })
  return creationOptions
}

type AuthenticatorTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb'

export type VerifiedPasskey = {
  userId: string
  invitationId: string | null
  context: unknown
  passkey: {
    id: string
    publicKey: Uint8Array<ArrayBuffer>
    counter: number
    transports: string[]
    deviceType: string
    backedUp: boolean
    aaguid: string
  }
}

/**
 * Checks a registration against its single-use challenge, the configured
 * origins and RP ID, and demands user verification. Does not store anything:
 * the caller saves the passkey together with whatever the registration was for.
 */
export async function verifyPasskeyRegistration(response: RegistrationResponseJSON): Promise<VerifiedPasskey> {
  const challenge = await consumeChallenge({ challenge: challengeOf(response), purpose: 'registration' })
  const { rpID, origins } = webauthnConfig()
  let verification
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origins,
      expectedRPID: rpID,
      requireUserVerification: true,
    })
  } catch (error) {
    throw new AppError('webauthn_registration_rejected', `The passkey was not accepted: ${(error as Error).message}`, 400)
  }
  if (!verification.verified || !challenge.userId) {
    throw new AppError('webauthn_registration_rejected', 'The passkey was not accepted.', 400)
  }
  const { credential, credentialDeviceType, credentialBackedUp, aaguid } = verification.registrationInfo
  return {
    userId: challenge.userId,
    invitationId: challenge.invitationId,
    context: challenge.context,
    passkey: {
      id: credential.id,
      publicKey: new Uint8Array(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? response.response.transports ?? [],
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      aaguid,
    },
  }
}

/** Saves a verified passkey for its user (inside the caller's transaction). */
export async function savePasskey(tx: Prisma.TransactionClient, verified: VerifiedPasskey, name: string) {
  const exists = await tx.passkey.findUnique({ where: { id: verified.passkey.id }, select: { id: true } })
  if (exists) throw new AppError('passkey_exists', 'This passkey is already registered.', 409)
  return tx.passkey.create({
    data: {
      id: verified.passkey.id,
      userId: verified.userId,
      name,
      publicKey: verified.passkey.publicKey,
      counter: BigInt(verified.passkey.counter),
      transports: verified.passkey.transports,
      deviceType: verified.passkey.deviceType,
      backedUp: verified.passkey.backedUp,
      aaguid: verified.passkey.aaguid,
    },
  })
}
