import { randomBytes } from 'node:crypto'
import { createSession } from '~/modules/auth/sessions.server'
import { hashToken } from '~/modules/auth/tokens.server'
import { prisma } from '~/utils/db.server'
import { serializeSessionToken } from '~/utils/session.server'

const unique = () => randomBytes(4).toString('hex')

export async function createOrganization(overrides: { name?: string; environment?: 'prod' | 'sandbox' | 'test' } = {}) {
  const suffix = unique()
  return prisma.organization.create({
    data: { name: overrides.name ?? `Org ${suffix}`, slug: `org-${suffix}`, environment: overrides.environment ?? 'test' },
  })
}

export async function createUser(
  overrides: {
    organizationId?: string
    role?: 'super_admin' | 'admin' | 'operator'
    status?: 'active' | 'disabled'
    name?: string
    email?: string
  } = {},
) {
  const organizationId = overrides.organizationId ?? (await createOrganization()).id
  const suffix = unique()
  return prisma.user.create({
    data: {
      organizationId,
      email: overrides.email ?? `user-${suffix}@example.test`,
      name: overrides.name ?? `Test User ${suffix}`,
      role: overrides.role ?? 'operator',
      status: overrides.status ?? 'active',
    },
    include: { organization: true },
  })
}

/**
 * A `Cookie` header value for a fresh session of this user, as the app sets
 * it for requests to `url` (an https origin gets the `__Host-` cookie).
 */
export async function sessionCookieFor(userId: string, url = 'http://localhost:3000/') {
  const { token } = await createSession({ userId })
  const setCookie = await serializeSessionToken(token, new Request(url))
  return setCookie.split(';')[0]!
}

/**
 * A session that proved a passkey just now, as a passkey sign-in or a step-up
 * does: it may add or remove passkeys, make recovery codes and create API
 * keys for the next five minutes. Its id and its `Cookie` header value.
 */
export async function steppedUpSessionFor(userId: string) {
  const { token } = await createSession({ userId, passkeyVerified: true })
  const setCookie = await serializeSessionToken(token, new Request('http://localhost:3000/'))
  return { sessionId: hashToken(token), token, cookie: setCookie.split(';')[0]! }
}

/** An API key of a new (or the given) organization, with these scopes, made by its admin. */
export async function createApiKeyFor(options: { organizationId?: string; scopes: string[]; rateLimitPerMinute?: number }) {
  const { createApiKey } = await import('~/modules/integrations/create-api-key.server')
  const admin = await createUser({ role: 'admin', organizationId: options.organizationId })
  const { sessionId } = await steppedUpSessionFor(admin.id)
  const created = await createApiKey({
    organizationId: admin.organizationId,
    actor: { type: 'user', userId: admin.id, organizationId: admin.organizationId, label: admin.email },
    sessionId,
    name: `key ${unique()}`,
    scopes: options.scopes,
    ...(options.rateLimitPerMinute ? { rateLimitPerMinute: options.rateLimitPerMinute } : {}),
  })
  return { ...created, organizationId: admin.organizationId, admin }
}
