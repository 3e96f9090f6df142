import { prisma } from '~/utils/db.server'
import { pageWindow, toApiPage, type PageQuery } from '~/utils/api/pagination.server'
import { toWebhookEndpointSummary, webhookEndpointSelect, type WebhookEndpointSummary } from './webhook-endpoint-summary.server'

/** One page of the organization's endpoints, newest first. */
export async function listWebhookEndpoints(options: { organizationId: string; page: PageQuery }): Promise<{ data: WebhookEndpointSummary[]; nextCursor: string | null }> {
  const window = pageWindow(options.page)
  const rows = await prisma.webhookEndpoint.findMany({
    where: { organizationId: options.organizationId, ...window.where },
    orderBy: window.orderBy,
    take: window.take,
    select: webhookEndpointSelect,
  })
  const now = new Date()
  return toApiPage(rows, options.page, (row) => toWebhookEndpointSummary(row, now))
}
