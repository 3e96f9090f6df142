import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { encryptCarrierToken } from '~/modules/messaging/carrier-token-crypto.server'
import { AppError } from '~/utils/app-error'
import { getEnv } from '~/utils/env.server'
import type { GhlSettingsInput } from './gohighlevel-settings-form'
import { isPrivateWebhookHost } from '~/utils/private-host'

/**
 * Saves an organization's GoHighLevel settings. A new token is encrypted
 * (the carrier-token key ring) and the connection becomes `untested`; an
 * empty token keeps the saved one. The audit row says what changed, never
 * the token.
 */
export async function saveGoHighLevelSettings(options: { organizationId: string; actor: Actor; input: Omit<GhlSettingsInput, 'intent'> }) {
  const { organizationId, actor, input } = options
  const webhookUrl = input.inboundWebhookUrl ? new URL(input.inboundWebhookUrl) : null
  const production = getEnv().APP_ENV === 'production'
  if (webhookUrl && webhookUrl.protocol !== 'https:' && !(webhookUrl.protocol === 'http:' && !production)) {
    throw new AppError('invalid_webhook_url', 'The Inbound Webhook URL must start with https://.', 400, { field: 'inboundWebhookUrl' })
  }
  // Tests and development post to local fakes; production never to its own network.
  if (webhookUrl && production && isPrivateWebhookHost(webhookUrl.hostname)) {
    throw new AppError('invalid_webhook_url', 'The Inbound Webhook URL must be a public address (a GHL workflow trigger).', 400, { field: 'inboundWebhookUrl' })
  }
  return withAudit({ actor, action: 'gohighlevel.settings_saved', target: { type: 'organization', id: organizationId } }, async (tx) => {
    const existing = await tx.goHighLevelIntegration.findUnique({ where: { organizationId } })
    if (!existing && !input.token) {
      throw new AppError('token_required', 'Paste the Private Integration token.', 400, { field: 'token' })
    }
    const token = input.token ? encryptCarrierToken(input.token) : null
    const values = {
      locationId: input.locationId,
      inboundWebhookUrl: webhookUrl?.toString() ?? null,
      tags: input.tags,
      enabled: input.enabled,
      pushOnPositiveReply: input.pushOnPositiveReply,
      ...(token
        ? { tokenCiphertext: token.ciphertext, tokenKeyId: token.keyId, tokenHint: input.token!.slice(-4), status: 'untested' as const, lastError: null }
        : {}),
      ...(existing && existing.locationId !== input.locationId ? { status: 'untested' as const, lastError: null } : {}),
    }
    const saved = existing
      ? await tx.goHighLevelIntegration.update({ where: { organizationId }, data: values })
      : await tx.goHighLevelIntegration.create({
          data: { organizationId, ...values, tokenCiphertext: token!.ciphertext, tokenKeyId: token!.keyId, tokenHint: input.token!.slice(-4) },
        })
    return {
      result: saved,
      summary: {
        created: !existing,
        tokenChanged: Boolean(token),
        locationId: saved.locationId,
        inboundWebhook: saved.inboundWebhookUrl ? new URL(saved.inboundWebhookUrl).host : null,
        tags: saved.tags,
        enabled: saved.enabled,
        pushOnPositiveReply: saved.pushOnPositiveReply,
      },
    }
  })
}
