import type { Prisma } from '~/utils/db.server'
import { isWebhookEventType, type WebhookEventType } from './webhook-event-types'

/** What the API and the settings page show of an endpoint: never its secret. */
export const webhookEndpointSelect = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  disabledAt: true,
  disabledReason: true,
  secretRotatedAt: true,
  previousSecretExpiresAt: true,
  lastSuccessAt: true,
  createdByLabel: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.WebhookEndpointSelect

export type WebhookEndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof webhookEndpointSelect }>

export type WebhookEndpointSummary = {
  id: string
  url: string
  description: string
  eventTypes: WebhookEventType[]
  enabled: boolean
  disabledAt: string | null
  disabledReason: string | null
  secretRotatedAt: string | null
  previousSecretExpiresAt: string | null
  lastSuccessAt: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
}

export function toWebhookEndpointSummary(row: WebhookEndpointRow, now = new Date()): WebhookEndpointSummary {
  const overlap = row.previousSecretExpiresAt && row.previousSecretExpiresAt > now ? row.previousSecretExpiresAt.toISOString() : null
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes.filter(isWebhookEventType),
    enabled: row.enabled,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    disabledReason: row.disabledReason,
    secretRotatedAt: row.secretRotatedAt?.toISOString() ?? null,
    previousSecretExpiresAt: overlap,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    createdBy: row.createdByLabel,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}
