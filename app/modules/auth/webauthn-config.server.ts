import { getEnv } from '~/utils/env.server'

export type WebAuthnConfig = { rpID: string; rpName: string; origins: string[] }

/**
 * The relying party is the app's own host unless configured; passkeys are
 * bound to it, so changing it later strands every registered passkey.
 */
export function webauthnConfig(): WebAuthnConfig {
  const env = getEnv()
  const appUrl = new URL(env.APP_URL ?? `http://localhost:${env.PORT}`)
  const origins = env.WEBAUTHN_ORIGINS
    ? env.WEBAUTHN_ORIGINS.split(',').map((o) => new URL(o.trim()).origin)
    : [appUrl.origin]
  return { rpID: env.WEBAUTHN_RP_ID ?? appUrl.hostname, rpName: env.WEBAUTHN_RP_NAME, origins }
}
