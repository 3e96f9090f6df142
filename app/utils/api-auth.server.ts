import type { AppLoadContext } from '@remix-run/node'
import type { Actor } from '~/modules/audit/actor'
import type { OrganizationSummary } from '~/modules/auth/sessions.server'
import type { ApiScope } from '~/modules/integrations/api-key-scopes'
import type { ApiKeySummary } from '~/modules/integrations/api-key-summary.server'
import { authenticateApiKey } from '~/modules/integrations/authenticate-api-key.server'
import { apiError } from './api-response.server'
import { isAppError } from './app-error'
import { consumeRateLimit, type RateLimitResult } from './rate-limit.server'
import { clientIp } from './request.server'
import { requestIdOf } from './request-context.server'

export type ApiAuth = {
  apiKey: ApiKeySummary
  organization: OrganizationSummary
  actor: Actor
  /** This request's place in the key's rate-limit window; `apiJson` turns it into headers. */
  rateLimit: RateLimitResult
}

const REALM = 'Bearer realm="esd.quest"'
const RATE_LIMIT_WINDOW_MS = 60 * 1000

function unauthorized(code: string, message: string, invalidToken: boolean): Response {
  return apiError(401, code, message, {
    headers: { 'WWW-Authenticate': invalidToken ? `${REALM}, error="invalid_token"` : REALM },
  })
}

/** The key from `Authorization: Bearer <key>`; query strings are never read (they end up in logs). */
function bearerToken(request: Request): string | null {
  const match = /^Bearer +(\S+) *$/i.exec(request.headers.get('authorization') ?? '')
  return match?.[1] ?? null
}

/**
 * The API key behind a `/api/v1/*` request, its organization and the audit
 * actor, or a thrown JSON error response: 401 for a missing, unknown,
 * revoked or expired key, 429 past the key's rate limit, 403 when the key
 * lacks `scope` (pass null when any valid key will do).
 */
export async function requireApiKey(request: Request, scope: ApiScope | null, context?: AppLoadContext): Promise<ApiAuth> {
  const key = bearerToken(request)
  if (!key) {
    throw unauthorized('missing_api_key', 'Send your API key in the Authorization header: "Authorization: Bearer esd_…".', false)
  }
  let authenticated: Awaited<ReturnType<typeof authenticateApiKey>>
  try {
    authenticated = await authenticateApiKey({ key })
  } catch (error) {
    if (isAppError(error) && error.status === 401) throw unauthorized(error.code, error.message, true)
    throw error
  }
  const { apiKey, organization } = authenticated

  const rateLimit = await consumeRateLimit({
    key: `api_key:${apiKey.id}`,
    limit: apiKey.rateLimitPerMinute,
    windowMs: RATE_LIMIT_WINDOW_MS,
  })
  if (!rateLimit.allowed) {
    throw apiError(429, 'rate_limited', `This API key is limited to ${apiKey.rateLimitPerMinute} requests per minute.`, {
      rateLimit,
      details: { limit: rateLimit.limit, resetAt: rateLimit.resetAt.toISOString() },
    })
  }
  if (scope && !apiKey.scopes.includes(scope)) {
    throw apiError(403, 'insufficient_scope', `This API key does not have the "${scope}" scope.`, {
      rateLimit,
      details: { requiredScope: scope, grantedScopes: apiKey.scopes },
      headers: { 'WWW-Authenticate': `${REALM}, error="insufficient_scope", scope="${scope}"` },
    })
  }

  const actor: Actor = {
    type: 'api_key',
    apiKeyId: apiKey.id,
    organizationId: organization.id,
    label: `${apiKey.name} (${apiKey.prefix}…)`,
    requestId: requestIdOf(request, context),
    ip: clientIp(request, context),
  }
  return { apiKey, organization, actor, rateLimit }
}
