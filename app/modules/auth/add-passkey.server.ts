import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { savePasskey, verifyPasskeyRegistration } from './passkey-registration.server'

export const passkeyNameFrom = (value: unknown, fallback: string) =>
  typeof value === 'string' && value.trim() ? value.trim().slice(0, 60) : fallback

/** A signed-in user registers another passkey for their own account. */
export async function addPasskey(options: { userId: string; actor: Actor; response: RegistrationResponseJSON; name: string }) {
  const verified = await verifyPasskeyRegistration(options.response)
  if (verified.userId !== options.userId || verified.invitationId) {
    throw new AppError('webauthn_registration_rejected', 'This passkey request belongs to someone else. Try again.', 400)
  }
  return withAudit({ actor: options.actor, action: 'passkey.registered' }, async (tx) => {
    const passkey = await savePasskey(tx, verified, options.name)
    return {
      result: passkey,
      target: { type: 'passkey', id: passkey.id },
      summary: { after: { name: passkey.name, deviceType: passkey.deviceType, backedUp: passkey.backedUp } },
    }
  })
}
