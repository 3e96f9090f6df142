import { prisma } from '~/utils/db.server'
import { apiKeySummarySelect, toApiKeySummary, type ApiKeySummary } from './api-key-summary.server'

/**
 * The organization's API keys, newest first, revoked and expired ones
 * included. Keys are created by hand by administrators, so the list stays
 * small enough to show whole.
 */
export async function listApiKeys(options: { organizationId: string; now?: Date }): Promise<ApiKeySummary[]> {
  const now = options.now ?? new Date()
  const rows = await prisma.apiKey.findMany({
    where: { organizationId: options.organizationId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: apiKeySummarySelect,
  })
  return rows.map((row) => toApiKeySummary(row, now))
}
