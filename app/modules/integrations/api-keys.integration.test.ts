import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Actor } from '~/modules/audit/actor'
import { action as settingsAction, loader as settingsLoader } from '~/routes/_app.settings.api-keys'
import { requireApiKey } from '~/utils/api-auth.server'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { callApi, type ApiAnswer } from '../../../tests/support/api-client'
import { createOrganization, createUser, sessionCookieFor, steppedUpSessionFor } from '../../../tests/support/factories'
import { generateApiKey } from './api-key-format.server'
import { authenticateApiKey, LAST_USED_RESOLUTION_MS } from './authenticate-api-key.server'
import { createApiKey } from './create-api-key.server'
import { listApiKeys } from './list-api-keys.server'
import { revokeApiKey } from './revoke-api-key.server'

type ErrorBody = { error: { code: string; message: string; details?: Record<string, unknown> } }
type MeBody = {
  apiKey: { id: string; name: string; prefix: string; scopes: string[]; expiresAt: string | null; rateLimitPerMinute: number }
  organization: { id: string; name: string; slug: string; environment: string }
}

async function adminOf(environment: 'prod' | 'sandbox' | 'test' = 'test') {
  const organization = await createOrganization({ environment })
  const user = await createUser({ organizationId: organization.id, role: 'admin' })
  const actor: Actor = {
    type: 'user',
    userId: user.id,
    organizationId: organization.id,
    label: user.email,
    requestId: `req-${user.id.slice(0, 8)}`,
    ip: '203.0.113.7',
  }
  const { sessionId } = await steppedUpSessionFor(user.id)
  return { organization, user, actor, sessionId }
}

function apiRequest(path: string, init: { key?: string; authorization?: string; method?: string } = {}) {
  const headers = new Headers()
  if (init.authorization) headers.set('authorization', init.authorization)
  else if (init.key) headers.set('authorization', `Bearer ${init.key}`)
  return new Request(`http://localhost${path}`, { method: init.method ?? 'GET', headers })
}

/** GET /api/v1/me through its route, as Remix calls it; the answer is checked against the OpenAPI document. */
function getMe(init: { key?: string; authorization?: string } = {}, path = '/api/v1/me'): Promise<ApiAnswer> {
  return callApi({
    path,
    key: init.key,
    headers: init.authorization ? { authorization: init.authorization } : {},
    context: { requestId: 'req-me', clientIp: '198.51.100.4' },
  })
}

async function thrownResponse(promise: Promise<unknown>): Promise<Response> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof Response)) throw new Error(`expected a thrown Response, got ${String(error)}`)
  return error
}

async function expectUnauthorized(response: ApiAnswer, code: string) {
  expect(response.status).toBe(401)
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="esd\.quest"/)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const body = response.body as ErrorBody
  expect(body.error.code).toBe(code)
  expect(body.error.message).toEqual(expect.any(String))
}

/** Public tables with any row whose JSON form contains `needle`. */
async function tablesContaining(needle: string): Promise<string[]> {
  const tables = await prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name::text FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['api_keys', 'audit_log']))
  const hits: string[] = []
  for (const { table_name } of tables) {
    const rows = await prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table_name}" t WHERE strpos(to_jsonb(t)::text, $1) > 0`,
      needle,
    )
    if ((rows[0]?.n ?? 0) > 0) hits.push(table_name)
  }
  return hits
}

describe('API keys', () => {
  it('authenticate GET /api/v1/me with the key shown once, which is stored only as a sha256 hash', async () => {
    const { organization, actor, sessionId } = await adminOf('prod')
    const { key, apiKey } = await createApiKey({
      organizationId: organization.id,
      actor,
      sessionId,
      name: '  CRM sync  ',
      scopes: ['leads:read', 'leads:write', 'leads:read'],
    })
    expect(key).toMatch(/^esd_live_[0-9A-Za-z]{43}$/)
    expect(apiKey).toMatchObject({
      name: 'CRM sync',
      prefix: key.slice(0, 13),
      scopes: ['leads:read', 'leads:write'],
      rateLimitPerMinute: 600,
      expiresAt: null,
      status: 'active',
    })

    const response = await getMe({ key })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('ratelimit-limit')).toBe('600')
    expect(response.headers.get('ratelimit-remaining')).toBe('599')
    expect(Number(response.headers.get('ratelimit-reset'))).toBeGreaterThan(0)
    expect(response.headers.get('retry-after')).toBeNull()
    expect(response.body as MeBody).toEqual({
      apiKey: {
        id: apiKey.id,
        name: 'CRM sync',
        prefix: key.slice(0, 13),
        scopes: ['leads:read', 'leads:write'],
        expiresAt: null,
        rateLimitPerMinute: 600,
      },
      organization: { id: organization.id, name: organization.name, slug: organization.slug, environment: 'prod' },
    })

    const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })
    expect(stored.keyHash).toBe(createHash('sha256').update(key).digest('hex'))
    expect(stored.prefix).toBe(key.slice(0, 13))
    expect(stored.prefix).toMatch(/^esd_live_[0-9A-Za-z]{4}$/)
    expect(stored.organizationId).toBe(organization.id)

    // Neither the key nor its secret part is anywhere in the database; the scan does find what is stored.
    const secret = key.slice('esd_live_'.length)
    expect(await tablesContaining(key)).toEqual([])
    expect(await tablesContaining(secret)).toEqual([])
    expect(await tablesContaining(secret.slice(4, 24))).toEqual([])
    expect(await tablesContaining(stored.keyHash)).toEqual(['api_keys'])
    expect(await tablesContaining(stored.prefix)).toEqual(expect.arrayContaining(['api_keys', 'audit_log']))
  })

  it('are esd_test_ keys in sandbox and test organizations', async () => {
    for (const environment of ['sandbox', 'test'] as const) {
      const { organization, actor, sessionId } = await adminOf(environment)
      const { key, apiKey } = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Test', scopes: ['leads:read'] })
      expect(key).toMatch(/^esd_test_[0-9A-Za-z]{43}$/)
      expect(apiKey.prefix).toMatch(/^esd_test_[0-9A-Za-z]{4}$/)
      const response = await getMe({ key })
      expect((response.body as MeBody).organization.environment).toBe(environment)
    }
  })

  it('stop working when their organization moves between sandbox and production', async () => {
    const { organization, actor, sessionId } = await adminOf('sandbox')
    const { key } = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Before launch', scopes: ['leads:read'] })
    expect((await getMe({ key })).status).toBe(200)

    await prisma.organization.update({ where: { id: organization.id }, data: { environment: 'prod' } })
    await expectUnauthorized(await getMe({ key }), 'api_key_mode_mismatch')

    const live = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Live', scopes: ['leads:read'] })
    expect(live.key).toMatch(/^esd_live_/)
    expect((await getMe({ key: live.key })).status).toBe(200)
  })

  it('refuse invalid input without writing anything', async () => {
    const { organization, actor, sessionId } = await adminOf()
    const now = new Date()
    const attempts: Parameters<typeof createApiKey>[0][] = [
      { organizationId: organization.id, actor, sessionId, name: '   ', scopes: ['leads:read'] },
      { organizationId: organization.id, actor, sessionId, name: 'x'.repeat(81), scopes: ['leads:read'] },
      { organizationId: organization.id, actor, sessionId, name: 'No scopes', scopes: [] },
      { organizationId: organization.id, actor, sessionId, name: 'Bad scope', scopes: ['leads:read', 'admin:everything'] },
      { organizationId: organization.id, actor, sessionId, name: 'Past', scopes: ['leads:read'], expiresAt: new Date(now.getTime() - 1000), now },
      { organizationId: organization.id, actor, sessionId, name: 'Limit', scopes: ['leads:read'], rateLimitPerMinute: 0 },
      { organizationId: organization.id, actor, sessionId, name: 'Limit', scopes: ['leads:read'], rateLimitPerMinute: 10_001 },
      { organizationId: organization.id, actor, sessionId, name: 'Limit', scopes: ['leads:read'], rateLimitPerMinute: 1.5 },
    ]
    for (const attempt of attempts) {
      await expect(createApiKey(attempt)).rejects.toMatchObject({ code: 'invalid_api_key_request', status: 400 })
    }
    expect(await prisma.apiKey.count({ where: { organizationId: organization.id } })).toBe(0)
    expect(await prisma.auditLog.count({ where: { organizationId: organization.id } })).toBe(0)
  })

  it('need the scope an endpoint asks for (403 otherwise) and give an api_key actor', async () => {
    const { organization, actor, sessionId } = await adminOf()
    const { key, apiKey } = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Reader', scopes: ['leads:read'] })

    const forbidden = await thrownResponse(requireApiKey(apiRequest('/api/v1/leads', { key, method: 'POST' }), 'leads:write'))
    expect(forbidden.status).toBe(403)
    expect(forbidden.headers.get('ratelimit-limit')).toBe('600')
    expect((await forbidden.json()) as ErrorBody).toEqual({
      error: {
        code: 'insufficient_scope',
        message: expect.stringContaining('leads:write'),
        details: { requiredScope: 'leads:write', grantedScopes: ['leads:read'] },
      },
    })

    const auth = await requireApiKey(apiRequest('/api/v1/leads', { key }), 'leads:read', { requestId: 'req-42', clientIp: '192.0.2.1' })
    expect(auth.apiKey.id).toBe(apiKey.id)
    expect(auth.organization).toEqual({ id: organization.id, name: organization.name, slug: organization.slug, environment: 'test' })
    expect(auth.actor).toEqual({
      type: 'api_key',
      apiKeyId: apiKey.id,
      organizationId: organization.id,
      label: `Reader (${apiKey.prefix}…)`,
      requestId: 'req-42',
      ip: '192.0.2.1',
    })
  })

  it('stop working when revoked, and revocation is audited', async () => {
    const { organization, user, actor, sessionId } = await adminOf()
    const { key, apiKey } = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Old', scopes: ['leads:read'] })
    expect((await getMe({ key })).status).toBe(200)

    const revoked = await revokeApiKey({ organizationId: organization.id, apiKeyId: apiKey.id, actor })
    expect(revoked.status).toBe('revoked')
    await expectUnauthorized(await getMe({ key }), 'api_key_revoked')
    await expect(revokeApiKey({ organizationId: organization.id, apiKeyId: apiKey.id, actor })).rejects.toMatchObject({
      code: 'api_key_already_revoked',
      status: 409,
    })

    const audit = await prisma.auditLog.findMany({ where: { organizationId: organization.id }, orderBy: { id: 'asc' } })
    expect(audit.map((row) => row.action)).toEqual(['api_key.created', 'api_key.revoked'])
    for (const row of audit) {
      expect(row).toMatchObject({
        actorType: 'user',
        actorId: user.id,
        actorLabel: user.email,
        targetType: 'api_key',
        targetId: apiKey.id,
        requestId: actor.requestId,
        ip: '203.0.113.7',
      })
      expect(JSON.stringify(row.summary)).not.toContain(key)
      expect(JSON.stringify(row.summary)).not.toContain(key.slice(13))
    }
    expect(audit[0]!.summary).toEqual({
      after: { name: 'Old', prefix: apiKey.prefix, scopes: ['leads:read'], rateLimitPerMinute: 600, expiresAt: null },
    })
    expect(audit[1]!.summary).toEqual({
      name: 'Old',
      prefix: apiKey.prefix,
      scopes: ['leads:read'],
      before: { revokedAt: null },
      after: { revokedAt: expect.any(String) },
    })
  })

  it('stop working once expired', async () => {
    const { organization, actor, sessionId } = await adminOf()
    const now = Date.now()
    const { key, apiKey } = await createApiKey({
      organizationId: organization.id,
      actor,
      sessionId,
      name: 'Short-lived',
      scopes: ['leads:read'],
      now: new Date(now - 2 * 60 * 60 * 1000),
      expiresAt: new Date(now - 60 * 60 * 1000),
    })
    await expectUnauthorized(await getMe({ key }), 'api_key_expired')
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: apiKey.id } })
    expect(audit.summary).toMatchObject({ after: { expiresAt: new Date(now - 60 * 60 * 1000).toISOString() } })

    const future = new Date(now + 60 * 60 * 1000)
    const live = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Later', scopes: ['leads:read'], expiresAt: future })
    const response = await getMe({ key: live.key })
    expect(response.status).toBe(200)
    expect((response.body as MeBody).apiKey.expiresAt).toBe(future.toISOString())

    const statuses = await listApiKeys({ organizationId: organization.id })
    expect(statuses.map((k) => [k.name, k.status])).toEqual([
      ['Later', 'active'],
      ['Short-lived', 'expired'],
    ])
  })

  it('answer 401 with WWW-Authenticate for a missing, malformed or unknown key, and never read the query string', async () => {
    const { organization, actor, sessionId } = await adminOf()
    const { key } = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Real', scopes: ['leads:read'] })

    await expectUnauthorized(await getMe(), 'missing_api_key')
    await expectUnauthorized(await getMe({}, `/api/v1/me?api_key=${key}&access_token=${key}&key=${key}`), 'missing_api_key')
    await expectUnauthorized(await getMe({ authorization: `Basic ${Buffer.from(`user:${key}`).toString('base64')}` }), 'missing_api_key')
    await expectUnauthorized(await getMe({ authorization: `Token ${key}` }), 'missing_api_key')
    await expectUnauthorized(await getMe({ authorization: 'Bearer' }), 'missing_api_key')
    await expectUnauthorized(await getMe({ key: 'not-a-key' }), 'invalid_api_key')
    await expectUnauthorized(await getMe({ key: `${key}x` }), 'invalid_api_key')
    await expectUnauthorized(await getMe({ key: key.replace('esd_test_', 'esd_live_') }), 'invalid_api_key')
    await expectUnauthorized(await getMe({ key: generateApiKey('test').key }), 'invalid_api_key')
    // The scheme is case-insensitive (RFC 7235); the key itself is exact.
    expect((await getMe({ authorization: `bearer ${key}` })).status).toBe(200)
  })

  it('are rate limited per key in Postgres, with RateLimit-* headers and Retry-After', async () => {
    const { organization, actor, sessionId } = await adminOf()
    const limited = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Slow', scopes: ['leads:read'], rateLimitPerMinute: 3 })
    const other = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Other', scopes: ['leads:read'] })

    for (const remaining of ['2', '1', '0']) {
      const response = await getMe({ key: limited.key })
      expect(response.status).toBe(200)
      expect(response.headers.get('ratelimit-limit')).toBe('3')
      expect(response.headers.get('ratelimit-remaining')).toBe(remaining)
    }
    const refused = await getMe({ key: limited.key })
    expect(refused.status).toBe(429)
    expect(refused.headers.get('ratelimit-limit')).toBe('3')
    expect(refused.headers.get('ratelimit-remaining')).toBe('0')
    const reset = Number(refused.headers.get('ratelimit-reset'))
    expect(reset).toBeGreaterThan(0)
    expect(reset).toBeLessThanOrEqual(60)
    expect(Number(refused.headers.get('retry-after'))).toBe(Math.max(1, reset))
    const body = refused.body as ErrorBody
    expect(body.error.code).toBe('rate_limited')
    expect(body.error.details).toMatchObject({ limit: 3 })

    const bucket = await prisma.rateLimitBucket.findUniqueOrThrow({ where: { key: `api_key:${limited.apiKey.id}` } })
    expect(bucket.count).toBe(4)

    const unaffected = await getMe({ key: other.key })
    expect(unaffected.status).toBe(200)
    expect(unaffected.headers.get('ratelimit-limit')).toBe('600')
    expect(unaffected.headers.get('ratelimit-remaining')).toBe('599')
  })

  it('belong to one organization: another organization cannot see or revoke them (404, not 403)', async () => {
    const a = await adminOf()
    const b = await adminOf()
    const keyOfB = await createApiKey({ organizationId: b.organization.id, actor: b.actor, sessionId: b.sessionId, name: 'B key', scopes: ['leads:read'] })

    const error = await revokeApiKey({ organizationId: a.organization.id, apiKeyId: keyOfB.apiKey.id, actor: a.actor }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'api_key_not_found', status: 404 })
    await expect(revokeApiKey({ organizationId: a.organization.id, apiKeyId: 'not-a-uuid', actor: a.actor })).rejects.toMatchObject({
      status: 404,
    })

    expect(await prisma.auditLog.count({ where: { organizationId: a.organization.id } })).toBe(0)
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: keyOfB.apiKey.id } })).revokedAt).toBeNull()
    const response = await getMe({ key: keyOfB.key })
    expect(response.status).toBe(200)
    expect((response.body as MeBody).organization.id).toBe(b.organization.id)

    expect(await listApiKeys({ organizationId: a.organization.id })).toEqual([])
    expect((await listApiKeys({ organizationId: b.organization.id })).map((k) => k.id)).toEqual([keyOfB.apiKey.id])
  })

  it('record when they were last used, at most once a minute', async () => {
    const { organization, actor, sessionId } = await adminOf()
    const { key, apiKey } = await createApiKey({ organizationId: organization.id, actor, sessionId, name: 'Used', scopes: ['leads:read'] })
    expect(apiKey.lastUsedAt).toBeNull()

    const before = Date.now()
    expect((await getMe({ key })).status).toBe(200)
    const first = (await prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt
    expect(first?.getTime()).toBeGreaterThanOrEqual(before)

    expect((await getMe({ key })).status).toBe(200)
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(first)

    const later = new Date(first!.getTime() + LAST_USED_RESOLUTION_MS + 1000)
    const result = await authenticateApiKey({ key, now: later })
    expect(result.apiKey.lastUsedAt).toEqual(later)
    expect((await prisma.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(later)
  })

  it('GET /api/v1/me refuses other methods with a JSON 405', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await callApi({ method, path: '/api/v1/me', json: {} })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, HEAD')
      expect((response.body as ErrorBody).error.code).toBe('method_not_allowed')
    }
  })
})

describe('API keys settings page', () => {
  function pageRequest(cookie: string, form?: Record<string, string | string[]>) {
    const url = 'http://localhost/settings/api-keys'
    if (!form) return new Request(url, { headers: { cookie } })
    const body = new FormData()
    for (const [name, value] of Object.entries(form)) for (const v of [value].flat()) body.append(name, v)
    return new Request(url, { method: 'POST', body, headers: { cookie } })
  }

  it('is for administrators only', async () => {
    const operator = await createUser({ role: 'operator' })
    const cookie = await sessionCookieFor(operator.id)
    const response = await thrownResponse(settingsLoader({ request: pageRequest(cookie), params: {}, context: {} }))
    expect(response.status).toBe(403)
    const post = await thrownResponse(
      settingsAction({ request: pageRequest(cookie, { intent: 'create', name: 'x', scopes: 'leads:read' }), params: {}, context: {} }),
    )
    expect(post.status).toBe(403)
    expect(await prisma.apiKey.count({ where: { organizationId: operator.organizationId } })).toBe(0)
  })

  it('asks for a passkey check (step-up) before creating a key, and creates nothing meanwhile', async () => {
    const { organization, user } = await adminOf()
    await prisma.passkey.create({
      data: { id: `pk-${user.id}`, userId: user.id, name: 'Laptop', publicKey: new Uint8Array([1]), deviceType: 'singleDevice', backedUp: false },
    })
    const cookie = await sessionCookieFor(user.id)
    const answer = await settingsAction({
      request: pageRequest(cookie, { intent: 'create', name: 'Zapier', scopes: 'leads:read' }),
      params: {},
      context: {},
    })
    expect(answer.init?.status).toBe(401)
    expect(answer.data).toMatchObject({ intent: 'create', stepUp: true, created: null })
    expect(await prisma.apiKey.count({ where: { organizationId: organization.id } })).toBe(0)
    expect(await prisma.emailMessage.count({ where: { to: user.email } })).toBe(0)
  })

  it('creates a key shown once, lists it by prefix only, and revokes it', async () => {
    const { organization, user } = await adminOf('sandbox')
    const { cookie } = await steppedUpSessionFor(user.id)
    const call = (form: Record<string, string | string[]>) =>
      settingsAction({ request: pageRequest(cookie, form), params: {}, context: { requestId: 'req-ui', clientIp: '192.0.2.9' } })

    const invalid = await call({ intent: 'create', name: '', rateLimitPerMinute: '0', expiresOn: '2000-01-01' })
    expect(invalid.init?.status).toBe(400)
    const invalidData = invalid.data
    if (invalidData.intent !== 'create') throw new Error('expected a create result')
    expect(invalidData.created).toBeNull()
    expect(invalidData.result.error).toMatchObject({
      name: ['Enter a name'],
      scopes: ['Choose at least one scope'],
      expiresOn: ['Choose a date after today'],
      rateLimitPerMinute: [expect.stringContaining('1 to 10,000')],
    })

    const created = await call({
      intent: 'create',
      name: 'Zapier',
      scopes: ['leads:read', 'messages:send'],
      expiresOn: '2999-01-01',
      rateLimitPerMinute: '120',
    })
    const createdData = created.data
    if (createdData.intent !== 'create' || !createdData.created) throw new Error('expected a created key')
    const { key, id, prefix } = createdData.created
    expect(key).toMatch(/^esd_test_/)
    expect(prefix).toBe(key.slice(0, 13))

    const me = await getMe({ key })
    expect((me.body as MeBody).apiKey).toMatchObject({
      id,
      scopes: ['leads:read', 'messages:send'],
      rateLimitPerMinute: 120,
      expiresAt: '2999-01-01T00:00:00.000Z',
    })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { targetId: id, action: 'api_key.created' } })
    expect(audit).toMatchObject({ actorType: 'user', actorId: user.id, requestId: 'req-ui', ip: '192.0.2.9' })
    // The creator is told, with what and from where, but the email never holds the key.
    const notice = await prisma.emailMessage.findFirstOrThrow({ where: { to: user.email, tag: 'security-notice' } })
    expect(notice).toMatchObject({ organizationId: organization.id, carriesSecret: false, subject: `A new API key was created for ${organization.name}` })
    expect(notice.textBody).toContain(`“Zapier” (${prefix}…, scopes: leads:read, messages:send)`)
    expect(notice.textBody).toContain('IP address 192.0.2.9')
    expect(notice.textBody).not.toContain(key.slice(13))

    const page = await settingsLoader({ request: pageRequest(cookie), params: {}, context: {} })
    expect(page.keys).toEqual([expect.objectContaining({ id, name: 'Zapier', prefix, status: 'active', lastUsedAt: expect.any(String) })])
    expect(JSON.stringify(page)).not.toContain(key.slice(13))

    const other = await adminOf()
    const theirs = await createApiKey({ organizationId: other.organization.id, actor: other.actor, sessionId: other.sessionId, name: 'Theirs', scopes: ['leads:read'] })
    const foreign = await call({ intent: 'revoke', id: theirs.apiKey.id })
    expect(foreign.init?.status).toBe(404)
    expect((await getMe({ key: theirs.key })).status).toBe(200)

    const revoked = await call({ intent: 'revoke', id })
    expect(revoked.data).toEqual({ intent: 'revoke', ok: true, error: null })
    await expectUnauthorized(await getMe({ key }), 'api_key_revoked')
    const after = await settingsLoader({ request: pageRequest(cookie), params: {}, context: {} })
    expect(after.keys.map((k) => [k.id, k.status])).toEqual([[id, 'revoked']])
    expect(await prisma.apiKey.count({ where: { organizationId: organization.id } })).toBe(1)
  })
})
