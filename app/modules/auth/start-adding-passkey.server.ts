import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { assertRecentPasskeyProof } from './assert-recent-passkey-proof.server'
import { startPasskeyRegistration } from './passkey-registration.server'

/**
 * Creation options for another passkey of a signed-in user. The step-up rule
 * is checked before the browser creates anything, so a refused change never
 * leaves a stray credential on the user's device; `addPasskey` checks again.
 */
export async function startAddingPasskey(options: {
  user: { id: string; email: string; name: string }
  sessionId: string
}): Promise<PublicKeyCredentialCreationOptionsJSON> {
  await assertRecentPasskeyProof({ userId: options.user.id, sessionId: options.sessionId, firstPasskey: true })
  return startPasskeyRegistration({ userId: options.user.id, userName: options.user.email, displayName: options.user.name })
}
