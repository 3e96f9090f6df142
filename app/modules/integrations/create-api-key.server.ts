import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { assertRecentPasskeyProof } from '~/modules/auth/assert-recent-passkey-proof.server'
import { notifyAccountChange } from '~/modules/auth/notify-account-change.server'
import { StepUpRequiredError } from '~/modules/auth/step-up'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { apiKeyModeFor, generateApiKey } from './api-key-format.server'
import {
  API_KEY_NAME_MAX_LENGTH,
  DEFAULT_API_RATE_LIMIT_PER_MINUTE,
  isApiScope,
  MAX_API_RATE_LIMIT_PER_MINUTE,
  type ApiScope,
} from './api-key-scopes'
import { apiKeySummarySelect, toApiKeySummary, type ApiKeySummary } from './api-key-summary.server'

/**
 * Creates a key for the organization. The returned `key` is the only copy
 * there will ever be: only its hash and visible prefix are stored. Only a
 * person can create one, from a session that confirmed a passkey in the last
 * 5 minutes; they are emailed about it.
 */
export async function createApiKey(options: {
  organizationId: string
  actor: Actor
  /** The creator's session (step-up is per session). */
  sessionId: string
  name: string
  scopes: readonly string[]
  expiresAt?: Date | null
  rateLimitPerMinute?: number | null
  now?: Date
}): Promise<{ key: string; apiKey: ApiKeySummary }> {
  const now = options.now ?? new Date()
  const name = options.name.trim()
  const scopes = [...new Set(options.scopes)]
  const expiresAt = options.expiresAt ?? null
  const rateLimitPerMinute = options.rateLimitPerMinute ?? DEFAULT_API_RATE_LIMIT_PER_MINUTE

  const fieldErrors: Record<string, string> = {}
  if (name.length < 1 || name.length > API_KEY_NAME_MAX_LENGTH) {
    fieldErrors.name = `The name must be 1 to ${API_KEY_NAME_MAX_LENGTH} characters.`
  }
  if (scopes.length === 0) fieldErrors.scopes = 'Choose at least one scope.'
  else if (!scopes.every(isApiScope)) fieldErrors.scopes = 'Unknown scope.'
  if (expiresAt && (Number.isNaN(expiresAt.getTime()) || expiresAt <= now)) {
    fieldErrors.expiresAt = 'The expiry must be in the future.'
  }
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1 || rateLimitPerMinute > MAX_API_RATE_LIMIT_PER_MINUTE) {
    fieldErrors.rateLimitPerMinute = `The rate limit must be a whole number from 1 to ${MAX_API_RATE_LIMIT_PER_MINUTE}.`
  }
  if (Object.keys(fieldErrors).length > 0) {
    throw new AppError('invalid_api_key_request', Object.values(fieldErrors).join(' '), 400, { fieldErrors })
  }

  // An API key (or the system) cannot confirm with a passkey, so it cannot mint keys.
  const { actor } = options
  if (actor.type !== 'user') throw new StepUpRequiredError()
  const origin = await assertRecentPasskeyProof({ userId: actor.userId, sessionId: options.sessionId })

  const organization = await prisma.organization.findUnique({
    where: { id: options.organizationId },
    select: { environment: true, name: true },
  })
  if (!organization) throw new AppError('organization_not_found', 'Organization not found.', 404)

  const generated = generateApiKey(apiKeyModeFor(organization.environment))
  const apiKey = await withAudit(
    { actor, action: 'api_key.created', organizationId: options.organizationId },
    async (tx) => {
      const row = await tx.apiKey.create({
        data: {
          organizationId: options.organizationId,
          name,
          prefix: generated.prefix,
          keyHash: generated.hash,
          scopes: scopes as ApiScope[],
          rateLimitPerMinute,
          expiresAt,
          createdById: actor.userId,
          createdAt: now,
        },
        select: apiKeySummarySelect,
      })
      await notifyAccountChange({
        db: tx,
        userId: actor.userId,
        organizationId: options.organizationId,
        change: { kind: 'api-key-created', name: row.name, prefix: row.prefix, scopes: row.scopes, organizationName: organization.name },
        at: now,
        ip: actor.ip ?? origin.ip,
        userAgent: origin.userAgent,
      })
      return {
        result: toApiKeySummary(row, now),
        target: { type: 'api_key', id: row.id },
        summary: {
          after: {
            name: row.name,
            prefix: row.prefix,
            scopes: row.scopes,
            rateLimitPerMinute: row.rateLimitPerMinute,
            expiresAt: row.expiresAt?.toISOString() ?? null,
          },
        },
      }
    },
  )
  return { key: generated.key, apiKey }
}
