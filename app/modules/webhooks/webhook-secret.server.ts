import { randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { decryptCarrierToken, encryptCarrierToken } from '~/modules/messaging/carrier-token-crypto.server'

/**
 * Endpoint signing secrets (docs/decisions/049). A secret is `whsec_` +
 * base64 of 32 random bytes, the Standard Webhooks format. It must be
 * recoverable to sign, so it is stored encrypted with the same AES-256-GCM key
 * ring as carrier tokens (CARRIER_TOKEN_KEYS), never in clear.
 */

export const WEBHOOK_SECRET_PREFIX = 'whsec_'
/** How long the previous secret keeps signing after a rotation. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000

export function generateWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBytes(32).toString('base64')
}

export function encryptWebhookSecret(secret: string): { ciphertext: string; keyId: string } {
  return encryptCarrierToken(secret)
}

export function decryptWebhookSecret(stored: { ciphertext: string; keyId: string }): string {
  return decryptCarrierToken(stored)
}

type EndpointSecrets = {
  secretCiphertext: string
  secretKeyId: string
  previousSecretCiphertext: string | null
  previousSecretKeyId: string | null
  previousSecretExpiresAt: Date | null
}

/** The secrets a delivery is signed with at `now`: the current one, and the previous one while its overlap lasts. */
export function signingSecrets(endpoint: EndpointSecrets, now: Date): string[] {
  const secrets = [decryptWebhookSecret({ ciphertext: endpoint.secretCiphertext, keyId: endpoint.secretKeyId })]
  if (endpoint.previousSecretCiphertext && endpoint.previousSecretKeyId && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now) {
    secrets.push(decryptWebhookSecret({ ciphertext: endpoint.previousSecretCiphertext, keyId: endpoint.previousSecretKeyId }))
  }
  return secrets
}

/**
 * The three Standard Webhooks headers for one attempt: `webhook-signature`
 * holds one `v1,<base64>` per secret, space-separated, so a receiver holding
 * either secret verifies it.
 */
export function signWebhook(options: { messageId: string; body: string; secrets: readonly string[]; at: Date }): Record<string, string> {
  const signature = options.secrets.map((secret) => new Webhook(secret).sign(options.messageId, options.at, options.body)).join(' ')
  return {
    'webhook-id': options.messageId,
    'webhook-timestamp': String(Math.floor(options.at.getTime() / 1000)),
    'webhook-signature': signature,
  }
}
