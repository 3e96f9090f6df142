import { getEnv } from '~/utils/env.server'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import type { Prisma } from '~/utils/db.server'
import { webhookEndpointNotFound } from './get-webhook-endpoint.server'
import type { WebhookEndpointChange, WebhookEndpointInput } from './webhook-endpoint-input'
import { toWebhookEndpointSummary, webhookEndpointSelect, type WebhookEndpointSummary } from './webhook-endpoint-summary.server'
import { encryptWebhookSecret, generateWebhookSecret } from './webhook-secret.server'
import { webhookUrlProblem } from './webhook-url'

async function assertUrl(tx: Prisma.TransactionClient, organizationId: string, url: string) {
  const organization = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { environment: true } })
  const problem = webhookUrlProblem(url, organization.environment, { production: getEnv().APP_ENV === 'production' })
  if (problem) throw new AppError('invalid_webhook_url', `The endpoint URL cannot be used: ${problem}`, 400, { fieldErrors: { url: problem } })
}

/**
 * A new endpoint of the organization, enabled, with a new signing secret.
 * The returned `secret` is shown once (and again only by a rotation's answer).
 */
export async function createWebhookEndpoint(options: { organizationId: string; actor: Actor; input: WebhookEndpointInput }): Promise<{
  endpoint: WebhookEndpointSummary
  secret: string
}> {
  const secret = generateWebhookSecret()
  const encrypted = encryptWebhookSecret(secret)
  const endpoint = await withAudit({ actor: options.actor, action: 'webhook_endpoint.created', organizationId: options.organizationId }, async (tx) => {
    await assertUrl(tx, options.organizationId, options.input.url)
    const row = await tx.webhookEndpoint.create({
      data: {
        organizationId: options.organizationId,
        url: options.input.url,
        description: options.input.description,
        eventTypes: options.input.eventTypes,
        secretCiphertext: encrypted.ciphertext,
        secretKeyId: encrypted.keyId,
        createdByLabel: options.actor.label,
      },
      select: webhookEndpointSelect,
    })
    return {
      result: toWebhookEndpointSummary(row),
      target: { type: 'webhook_endpoint', id: row.id },
      summary: { url: row.url, eventTypes: row.eventTypes },
    }
  })
  return { endpoint, secret }
}

/** Changes an endpoint's URL, description, event types or whether it is enabled; audited with what it was. */
export async function updateWebhookEndpoint(options: {
  organizationId: string
  actor: Actor
  endpointId: string
  change: WebhookEndpointChange
  now?: Date
}): Promise<WebhookEndpointSummary> {
  const now = options.now ?? new Date()
  return withAudit(
    { actor: options.actor, action: 'webhook_endpoint.updated', organizationId: options.organizationId, target: { type: 'webhook_endpoint', id: options.endpointId } },
    async (tx) => {
      const before = await tx.webhookEndpoint.findFirst({ where: { id: options.endpointId, organizationId: options.organizationId }, select: webhookEndpointSelect })
      if (!before) throw webhookEndpointNotFound()
      const { url, description, eventTypes, enabled } = options.change
      if (url !== undefined && url !== before.url) await assertUrl(tx, options.organizationId, url)
      const data: Prisma.WebhookEndpointUpdateInput = {}
      if (url !== undefined) data.url = url
      if (description !== undefined) data.description = description
      if (eventTypes !== undefined) data.eventTypes = eventTypes
      if (enabled === true && !before.enabled) Object.assign(data, { enabled: true, disabledAt: null, disabledReason: null })
      if (enabled === false && before.enabled) Object.assign(data, { enabled: false, disabledAt: now, disabledReason: `Disabled by ${options.actor.label}.` })
      const row = await tx.webhookEndpoint.update({ where: { id: before.id }, data, select: webhookEndpointSelect })
      const changed = (['url', 'description', 'eventTypes', 'enabled'] as const).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(row[key]))
      return {
        result: toWebhookEndpointSummary(row, now),
        summary: { changed, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, row[k]])) },
      }
    },
  )
}

/** Deletes an endpoint with its delivery log (the events stay for the organization's other endpoints). */
export async function deleteWebhookEndpoint(options: { organizationId: string; actor: Actor; endpointId: string }): Promise<void> {
  await withAudit(
    { actor: options.actor, action: 'webhook_endpoint.deleted', organizationId: options.organizationId, target: { type: 'webhook_endpoint', id: options.endpointId } },
    async (tx) => {
      const row = await tx.webhookEndpoint.findFirst({ where: { id: options.endpointId, organizationId: options.organizationId }, select: { id: true, url: true } })
      if (!row) throw webhookEndpointNotFound()
      await tx.webhookEndpoint.delete({ where: { id: row.id } })
      return { result: undefined, summary: { url: row.url } }
    },
  )
}
