import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { webhookEndpointNotFound } from './get-webhook-endpoint.server'
import { toWebhookEndpointSummary, webhookEndpointSelect, type WebhookEndpointSummary } from './webhook-endpoint-summary.server'
import { encryptWebhookSecret, generateWebhookSecret, SECRET_OVERLAP_MS } from './webhook-secret.server'

/**
 * Gives the endpoint a new secret; the one it had keeps signing beside it for
 * 24 hours (each delivery carries both signatures), so the receiver can
 * switch without missing one. A second rotation within the 24 hours ends the
 * oldest secret at once: there are never more than two.
 */
export async function rotateWebhookSecret(options: { organizationId: string; actor: Actor; endpointId: string; now?: Date }): Promise<{
  endpoint: WebhookEndpointSummary
  secret: string
}> {
  const now = options.now ?? new Date()
  const secret = generateWebhookSecret()
  const encrypted = encryptWebhookSecret(secret)
  const endpoint = await withAudit(
    { actor: options.actor, action: 'webhook_endpoint.secret_rotated', organizationId: options.organizationId, target: { type: 'webhook_endpoint', id: options.endpointId } },
    async (tx) => {
      const before = await tx.webhookEndpoint.findFirst({
        where: { id: options.endpointId, organizationId: options.organizationId },
        select: { id: true, secretCiphertext: true, secretKeyId: true },
      })
      if (!before) throw webhookEndpointNotFound()
      const expiresAt = new Date(now.getTime() + SECRET_OVERLAP_MS)
      const row = await tx.webhookEndpoint.update({
        where: { id: before.id },
        data: {
          secretCiphertext: encrypted.ciphertext,
          secretKeyId: encrypted.keyId,
          previousSecretCiphertext: before.secretCiphertext,
          previousSecretKeyId: before.secretKeyId,
          previousSecretExpiresAt: expiresAt,
          secretRotatedAt: now,
        },
        select: webhookEndpointSelect,
      })
      return { result: toWebhookEndpointSummary(row, now), summary: { previousSecretExpiresAt: expiresAt.toISOString() } }
    },
  )
  return { endpoint, secret }
}
