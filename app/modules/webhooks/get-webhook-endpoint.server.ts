import { AppError } from '~/utils/app-error'
import { prisma, type Prisma } from '~/utils/db.server'
import { toWebhookEndpointSummary, webhookEndpointSelect, type WebhookEndpointSummary } from './webhook-endpoint-summary.server'

export const webhookEndpointNotFound = () =>
  new AppError('webhook_endpoint_not_found', 'No such webhook endpoint in the organization.', 404)

/** The organization's endpoint (another organization's answers as not found). */
export async function getWebhookEndpoint(options: { organizationId: string; endpointId: string; db?: Prisma.TransactionClient }): Promise<WebhookEndpointSummary> {
  const row = await (options.db ?? prisma).webhookEndpoint.findFirst({
    where: { id: options.endpointId, organizationId: options.organizationId },
    select: webhookEndpointSelect,
  })
  if (!row) throw webhookEndpointNotFound()
  return toWebhookEndpointSummary(row)
}
