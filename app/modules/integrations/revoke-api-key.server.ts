import { z } from 'zod'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { apiKeySummarySelect, toApiKeySummary, type ApiKeySummary } from './api-key-summary.server'

const notFound = () => new AppError('api_key_not_found', 'API key not found.', 404)

/**
 * Revokes one of the organization's keys; it stops working at once. A key of
 * another organization is reported as not found, never as forbidden.
 */
export async function revokeApiKey(options: {
  organizationId: string
  apiKeyId: string
  actor: Actor
  now?: Date
}): Promise<ApiKeySummary> {
  const now = options.now ?? new Date()
  if (!z.uuid().safeParse(options.apiKeyId).success) throw notFound()
  return withAudit({ actor: options.actor, action: 'api_key.revoked', organizationId: options.organizationId }, async (tx) => {
    const where = { id: options.apiKeyId, organizationId: options.organizationId }
    // Conditional update: two concurrent revocations cannot both succeed.
    const { count } = await tx.apiKey.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: now } })
    const row = await tx.apiKey.findFirst({ where, select: apiKeySummarySelect })
    if (!row) throw notFound()
    if (count === 0) throw new AppError('api_key_already_revoked', 'This API key is already revoked.', 409)
    return {
      result: toApiKeySummary(row, now),
      target: { type: 'api_key', id: row.id },
      summary: {
        name: row.name,
        prefix: row.prefix,
        scopes: row.scopes,
        before: { revokedAt: null },
        after: { revokedAt: now.toISOString() },
      },
    }
  })
}
