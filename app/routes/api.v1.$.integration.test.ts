import { describe, expect, it } from 'vitest'
import type { Actor } from '~/modules/audit/actor'
import { createApiKey } from '~/modules/integrations/create-api-key.server'
import { prisma } from '~/utils/db.server'
import { runWithRequestContext } from '~/utils/request-context.server'
import { callApi, type ApiAnswer } from '../../tests/support/api-client'
import { createUser, steppedUpSessionFor } from '../../tests/support/factories'

/** Calls the API at `path` the way Remix does (here, the splat route answers), checked against the OpenAPI document. */
function call(path: string, init: { method?: string; key?: string } = {}): Promise<ApiAnswer> {
  const method = init.method ?? 'GET'
  return callApi({
    method,
    path,
    key: init.key,
    headers: { 'x-request-id': 'req-api-v1-splat' },
    ...(method === 'GET' || method === 'HEAD' ? {} : { json: {} }),
  })
}

async function apiKey() {
  const admin = await createUser({ role: 'admin' })
  const actor: Actor = { type: 'user', userId: admin.id, organizationId: admin.organizationId, label: admin.email }
  const { sessionId } = await steppedUpSessionFor(admin.id)
  return createApiKey({ organizationId: admin.organizationId, actor, sessionId, name: 'CRM', scopes: ['leads:read'] })
}

describe('an unknown /api/v1 path', () => {
  it('is a JSON 404 not_found naming the path, for every method, without asking for a key', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await call('/api/v1/leads/123/notes?api_key=secret-in-query', { method })
      expect({ method, status: response.status }).toEqual({ method, status: 404 })
      expect(response.headers.get('content-type')).toMatch(/^application\/json/)
      expect(response.headers.get('cache-control')).toBe('no-store')
      expect(response.headers.get('www-authenticate')).toBeNull()
      const text = response.text
      expect(JSON.parse(text)).toEqual({
        error: { code: 'not_found', message: 'There is no endpoint at /api/v1/leads/123/notes.', requestId: 'req-api-v1-splat' },
      })
      expect(text).not.toContain('secret-in-query')
    }
  })

  it('answers the same with a valid key as without: nothing about the key or its organization, and the key is not used', async () => {
    const { key, apiKey: summary } = await apiKey()
    const withKey = await call('/api/v1/nope', { key })
    const without = await call('/api/v1/nope')
    expect(withKey.status).toBe(404)
    expect(withKey.text).toBe(without.text)
    expect([...withKey.headers.keys()].sort()).toEqual([...without.headers.keys()].sort())
    expect(withKey.headers.get('ratelimit-limit')).toBeNull()
    const stored = await prisma.apiKey.findUniqueOrThrow({ where: { id: summary.id } })
    expect(stored.lastUsedAt).toBeNull()
    expect(await prisma.rateLimitBucket.count({ where: { key: `api_key:${summary.id}` } })).toBe(0)
  })

  it('carries the request id, like every API error', async () => {
    const response = await runWithRequestContext({ requestId: 'req-unknown-path-1' }, () => call('/api/v1/'))
    expect(response.body).toEqual({
      error: { code: 'not_found', message: 'There is no endpoint at /api/v1/.', requestId: 'req-unknown-path-1' },
    })
  })
})
