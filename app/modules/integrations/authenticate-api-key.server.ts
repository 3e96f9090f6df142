import type { OrganizationSummary } from '~/modules/auth/sessions.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { apiKeyModeFor, hashApiKey, parseApiKey } from './api-key-format.server'
import { apiKeySummarySelect, toApiKeySummary, type ApiKeySummary } from './api-key-summary.server'

/** Writing last_used_at on every request would be a write per API call. */
export const LAST_USED_RESOLUTION_MS = 60 * 1000

/**
 * The key and its organization for a presented API key. Unknown, malformed,
 * revoked and expired keys throw AppError 401.
 */
export async function authenticateApiKey(options: {
  key: string
  now?: Date
}): Promise<{ apiKey: ApiKeySummary; organization: OrganizationSummary }> {
  const now = options.now ?? new Date()
  const parsed = parseApiKey(options.key)
  if (!parsed) throw new AppError('invalid_api_key', 'The API key is not valid.', 401)
  const row = await prisma.apiKey.findUnique({
    where: { keyHash: hashApiKey(options.key) },
    select: {
      ...apiKeySummarySelect,
      organization: { select: { id: true, name: true, slug: true, environment: true } },
    },
  })
  if (!row) throw new AppError('invalid_api_key', 'The API key is not valid.', 401)
  const { organization, ...fields } = row
  const apiKey = toApiKeySummary(fields, now)
  if (apiKey.status === 'revoked') throw new AppError('api_key_revoked', 'This API key has been revoked.', 401)
  if (apiKey.status === 'expired') throw new AppError('api_key_expired', 'This API key has expired.', 401)
  // A key's mode is fixed when it is made; if its organization has since moved
  // between sandbox and production, a test key must not act on live data (nor
  // a live key on test data).
  if (parsed.mode !== apiKeyModeFor(organization.environment)) {
    const standing = organization.environment === 'prod' ? 'in production' : `a ${organization.environment} organization`
    throw new AppError(
      'api_key_mode_mismatch',
      `This esd_${parsed.mode}_ key cannot be used now that its organization is ${standing}; create a new key.`,
      401,
    )
  }

  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS)
  if (!apiKey.lastUsedAt || apiKey.lastUsedAt < staleBefore) {
    // Bookkeeping, not an audited change. The condition keeps concurrent requests to one write.
    const { count } = await prisma.apiKey.updateMany({
      where: { id: apiKey.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    })
    if (count > 0) apiKey.lastUsedAt = now
  }
  return { apiKey, organization }
}
