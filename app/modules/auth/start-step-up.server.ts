import { generateAuthenticationOptions, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { storeChallenge } from './webauthn-challenges.server'
import { webauthnConfig } from './webauthn-config.server'

type AuthenticatorTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb'

/**
 * Options for "Confirm with your passkey": only the user's own passkeys are
 * allowed, and the single-use challenge is bound to this session, so the
 * answer can prove nothing for another account or another session.
 */
export async function startStepUp(options: { userId: string; sessionId: string }): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const passkeys = await prisma.passkey.findMany({ where: { userId: options.userId }, select: { id: true, transports: true } })
  if (passkeys.length === 0) {
    throw new AppError('passkey_required', 'Add a passkey to your account first: changes like this one are confirmed with it.', 403)
  }
  const { rpID } = webauthnConfig()
  const requestOptions = await generateAuthenticationOptions({
    rpID,
    userVerification: 'required',
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports as AuthenticatorTransport[] })),
  })
  await storeChallenge({ challenge: requestOptions.challenge, purpose: 'step_up', userId: options.userId, sessionId: options.sessionId })
  return requestOptions
}
