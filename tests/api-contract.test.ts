import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildOpenApiDocument } from '~/utils/api/openapi.server'
import { defineOperation } from '~/utils/api/operation.server'
import { ApiContract, type ApiExchange } from './support/api-contract'

const getWidget = defineOperation({
  operationId: 'getWidget',
  method: 'GET',
  path: '/api/v1/widgets/{id}',
  summary: 'A widget',
  tag: 'Test',
  auth: { scope: 'leads:read' },
  params: z.object({ id: z.uuid() }),
  responses: { 200: { description: 'The widget.', body: z.object({ id: z.uuid(), count: z.int().min(0) }), example: { id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42', count: 1 } } },
})

const contract = new ApiContract(
  buildOpenApiDocument({
    operations: [getWidget],
    info: { title: 'T', version: '0', description: '', tags: [{ name: 'Test', description: '' }] },
    serverUrl: 'http://localhost',
  }),
)

const id = '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42'
const okHeaders = { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-1', 'ratelimit-limit': '600', 'ratelimit-remaining': '599', 'ratelimit-reset': '60' }

function exchange(overrides: Partial<ApiExchange> & { headerValues?: Record<string, string> } = {}): ApiExchange {
  return {
    method: 'GET',
    path: `/api/v1/widgets/${id}`,
    status: 200,
    body: JSON.stringify({ id, count: 3 }),
    ...overrides,
    headers: new Headers(overrides.headerValues ?? okHeaders),
  }
}

const error = (code: string) => JSON.stringify({ error: { code, message: 'No.' } })

describe('the API contract check', () => {
  it('passes an answer that matches the document', () => {
    expect(contract.problems(exchange())).toEqual([])
    expect(contract.problems(exchange({ method: 'HEAD', body: '' }))).toEqual([])
  })

  it('catches a body that strays from the schema', () => {
    expect(contract.problems(exchange({ body: JSON.stringify({ id, count: -1 }) }))).toEqual([expect.stringContaining('/count must be >= 0')])
    expect(contract.problems(exchange({ body: JSON.stringify({ id, count: 3, secret: 'x' }) }))).toEqual([expect.stringContaining('additional properties')])
    expect(contract.problems(exchange({ body: 'not json' }))).toEqual(['body is not JSON'])
  })

  it('catches a missing required header, an invalid one and a wrong content type', () => {
    const { ['ratelimit-limit']: _, ...withoutLimit } = okHeaders
    expect(contract.problems(exchange({ headerValues: withoutLimit }))).toEqual(['header RateLimit-Limit is required'])
    expect(contract.problems(exchange({ headerValues: { ...okHeaders, 'ratelimit-remaining': 'many' } }))).toEqual([expect.stringContaining('header RateLimit-Remaining: many')])
    expect(contract.problems(exchange({ headerValues: { ...okHeaders, 'content-type': 'text/html' } }))).toEqual([expect.stringContaining('content-type "text/html"')])
  })

  it('catches a status the operation does not declare, and checks declared errors against the error shape', () => {
    expect(contract.problems(exchange({ status: 202 }))).toEqual([expect.stringContaining('does not declare status 202')])
    const unauthorized = { 'content-type': 'application/json', 'x-request-id': 'r', 'www-authenticate': 'Bearer realm="esd.quest"' }
    expect(contract.problems(exchange({ status: 401, body: error('missing_api_key'), headerValues: unauthorized }))).toEqual([])
    expect(contract.problems(exchange({ status: 401, body: JSON.stringify({ message: 'no' }), headerValues: unauthorized }))).toEqual(
      expect.arrayContaining([expect.stringContaining("must have required property 'error'")]),
    )
  })

  it('allows only the API’s own 404 where no operation is, and its 405 with the right Allow where the method is wrong', () => {
    const json = { 'content-type': 'application/json' }
    expect(contract.problems(exchange({ path: '/api/v1/nothing', status: 404, body: error('not_found'), headerValues: json }))).toEqual([])
    expect(contract.problems(exchange({ path: '/api/v1/nothing', status: 200, body: '{}', headerValues: json }))).toEqual([expect.stringContaining('no operation serves')])
    expect(contract.problems(exchange({ method: 'DELETE', status: 405, body: error('method_not_allowed'), headerValues: { ...json, allow: 'GET, HEAD' } }))).toEqual([])
    expect(contract.problems(exchange({ method: 'DELETE', status: 405, body: error('method_not_allowed'), headerValues: { ...json, allow: 'GET' } }))).toEqual([
      'Allow is "GET", the document has GET, HEAD',
    ])
    expect(contract.problems(exchange({ method: 'DELETE', status: 200 }))).toEqual(expect.arrayContaining([expect.stringContaining('must answer 405')]))
  })

  it('throws naming every problem', () => {
    expect(() => contract.assert(exchange({ status: 202 }))).toThrow(/GET \/api\/v1\/widgets\/.* → 202 does not match the OpenAPI document/)
  })
})
