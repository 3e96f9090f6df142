import { prisma } from '~/utils/db.server'
import { pageWindow, toApiPage, type PageQuery } from '~/utils/api/pagination.server'
import { webhookEndpointNotFound } from './get-webhook-endpoint.server'

export type WebhookAttemptSummary = {
  number: number
  attemptedAt: string
  requestHeaders: Record<string, string>
  requestBody: string
  responseStatus: number | null
  responseBody: string | null
  durationMs: number
  error: string | null
}

export type WebhookDeliverySummary = {
  id: string
  endpointId: string
  eventId: string
  eventType: string
  status: 'pending' | 'succeeded' | 'failed' | 'exhausted'
  attemptCount: number
  nextAttemptAt: string | null
  lastAttemptAt: string | null
  replayOf: string | null
  createdAt: string
  attempts: WebhookAttemptSummary[]
}

export const deliveryInclude = {
  event: { select: { type: true } },
  attempts: { orderBy: { number: 'asc' as const } },
}

type DeliveryRow = Awaited<ReturnType<typeof prisma.webhookDelivery.findFirstOrThrow<{ include: typeof deliveryInclude }>>>

export function toWebhookDeliverySummary(row: DeliveryRow): WebhookDeliverySummary {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.event.type,
    status: row.status,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.status === 'pending' ? (row.nextAttemptAt?.toISOString() ?? null) : null,
    lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
    replayOf: row.replayOfId,
    createdAt: row.createdAt.toISOString(),
    attempts: row.attempts.map((a) => ({
      number: a.number,
      attemptedAt: a.attemptedAt.toISOString(),
      requestHeaders: a.requestHeaders as Record<string, string>,
      requestBody: a.requestBody,
      responseStatus: a.responseStatus,
      responseBody: a.responseBody,
      durationMs: a.durationMs,
      error: a.error,
    })),
  }
}

/** One page of an endpoint's deliveries, newest first, each with its attempts. */
export async function listWebhookDeliveries(options: { organizationId: string; endpointId: string; page: PageQuery }): Promise<{ data: WebhookDeliverySummary[]; nextCursor: string | null }> {
  const endpoint = await prisma.webhookEndpoint.findFirst({ where: { id: options.endpointId, organizationId: options.organizationId }, select: { id: true } })
  if (!endpoint) throw webhookEndpointNotFound()
  const window = pageWindow(options.page)
  const rows = await prisma.webhookDelivery.findMany({
    where: { endpointId: endpoint.id, ...window.where },
    orderBy: window.orderBy,
    take: window.take,
    include: deliveryInclude,
  })
  return toApiPage(rows, options.page, toWebhookDeliverySummary)
}
