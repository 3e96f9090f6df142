import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { apiOperations } from '~/api/operations.server'
import { API_SCOPES } from '~/modules/integrations/api-key-scopes'
import { pathParamNames, type OperationSpec } from '~/utils/api/operation.server'
import { JSON_MAX_ARRAY_ITEMS, JSON_MAX_DEPTH } from '~/utils/api/request-input.server'
import { prisma } from '~/utils/db.server'
import { callApi } from '../support/api-client'
import { contractOrganization } from './harness'

/**
 * Per-key rate limiting on every route, the request bounds and the unknown-fields policy on the wire, for every
 * operation (docs/api.md, "Limits" and "Unknown fields"): a JSON body nested
 * too deep is a 422 body_too_deep and one with too long an array a 422
 * array_too_long, both before the schema reads it; an unknown field in a
 * body is a 400 invalid_body naming it; an unknown query parameter a 400
 * invalid_query naming it. Every answer is checked against the document.
 */

/** A path for the operation whose parameters parse (nothing needs to exist: input is read before the handler runs). */
function pathOf(operation: OperationSpec): string {
  return pathParamNames(operation.path).reduce((path, name) => {
    const schema = operation.params!.shape[name] as { _zod?: { def?: { format?: string } }; safeParse: (v: unknown) => { success: boolean } }
    // An enum parameter (e.g. an external ref's entityType) takes its first option.
    const candidates = [randomUUID(), randomUUID().replace(/-/g, ''), '+15128675309', ...((schema as { options?: unknown[] }).options ?? []).map(String)]
    const value = candidates.find((candidate) => schema.safeParse(candidate).success) ?? 'x'
    return path.replace(`{${name}}`, encodeURIComponent(value))
  }, operation.path)
}

const keyed = (operation: OperationSpec) => operation.auth !== 'public'
const jsonOperations = apiOperations.filter((operation) => operation.body?.json && keyed(operation))
const headers = { 'Idempotency-Key': randomUUID() }
const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) })

describe('every operation that takes JSON', () => {
  it(`refuses a body nested deeper than ${JSON_MAX_DEPTH} levels with 422 body_too_deep`, async () => {
    const { key } = await contractOrganization()
    const answers: string[] = []
    for (const operation of jsonOperations) {
      const answer = await callApi<{ error: { code: string; details: { maxDepth: number } } }>({
        method: operation.method,
        path: pathOf(operation),
        key,
        headers: { ...headers, 'Idempotency-Key': randomUUID() },
        json: { ...(operation.body!.json!.example as object), deep: nested(JSON_MAX_DEPTH + 1) },
      })
      answers.push(`${operation.operationId} ${answer.status} ${answer.body?.error?.code}`)
    }
    expect(answers).toEqual(jsonOperations.map((operation) => `${operation.operationId} 422 body_too_deep`))
  })

  it(`refuses an array of more than ${JSON_MAX_ARRAY_ITEMS.toLocaleString('en-US')} elements with 422 array_too_long naming it`, async () => {
    const { key } = await contractOrganization()
    const answers: string[] = []
    const long = Array.from({ length: JSON_MAX_ARRAY_ITEMS + 1 }, () => 0)
    for (const operation of jsonOperations) {
      const answer = await callApi<{ error: { code: string; details: { path: string } } }>({
        method: operation.method,
        path: pathOf(operation),
        key,
        headers: { 'Idempotency-Key': randomUUID() },
        json: { ...(operation.body!.json!.example as object), list: long },
      })
      answers.push(`${operation.operationId} ${answer.status} ${answer.body?.error?.code} ${answer.body?.error?.details?.path}`)
    }
    expect(answers).toEqual(jsonOperations.map((operation) => `${operation.operationId} 422 array_too_long list`))
  })

  it('refuses an unknown field with 400 invalid_body naming it', async () => {
    const { key } = await contractOrganization()
    const answers: string[] = []
    for (const operation of jsonOperations) {
      const answer = await callApi<{ error: { code: string; details: { fields: { path: string; message: string }[] } } }>({
        method: operation.method,
        path: pathOf(operation),
        key,
        headers: { 'Idempotency-Key': randomUUID() },
        json: { ...(operation.body!.json!.example as object), colour: 'red' },
      })
      const named = answer.body?.error?.details?.fields?.some((field) => field.message.includes('colour')) ?? false
      answers.push(`${operation.operationId} ${answer.status} ${answer.body?.error?.code} ${named ? 'names colour' : 'silent'}`)
    }
    expect(answers).toEqual(jsonOperations.map((operation) => `${operation.operationId} 400 invalid_body names colour`))
  })
})

describe('every operation that takes a key', () => {
  it('refuses an unknown query parameter with 400 invalid_query naming it', async () => {
    const { key } = await contractOrganization()
    const operations = apiOperations.filter((operation) => keyed(operation) && operation.method !== 'HEAD')
    const answers: string[] = []
    for (const operation of operations) {
      const answer = await callApi<{ error: { code: string; details: { fields: { path: string }[] } } }>({
        method: operation.method,
        path: `${pathOf(operation)}?colour=red`,
        key,
        headers: { 'Idempotency-Key': randomUUID(), 'Tus-Resumable': '1.0.0' },
      })
      answers.push(`${operation.operationId} ${answer.status} ${answer.body?.error?.code} ${answer.body?.error?.details?.fields?.map((f) => f.path).join()}`)
    }
    expect(answers).toEqual(operations.map((operation) => `${operation.operationId} 400 invalid_query colour`))
  })
})

describe('every operation that takes a key', () => {
  it('is rate-limited per key: past its limit a key gets 429 rate_limited, and another key of the organization does not', async () => {
    const operations = apiOperations.filter((operation) => keyed(operation))
    const answers: string[] = []
    const org = await contractOrganization()
    for (const operation of operations) {
      const limited = await contractOrganization({ organizationId: org.organizationId })
      await prisma.apiKey.update({ where: { id: limited.apiKeyId }, data: { rateLimitPerMinute: 1 } })
      const call = (key: string) =>
        callApi<{ error?: { code: string } }>({ method: operation.method, path: pathOf(operation), key, headers: { 'Idempotency-Key': randomUUID(), 'Tus-Resumable': '1.0.0' } })
      const first = await call(limited.key)
      const second = await call(limited.key)
      const other = await call(org.key)
      answers.push(`${operation.operationId} ${first.status === 429 ? 'limited at once' : 'first allowed'} ${second.status} ${operation.method === 'HEAD' ? 'rate_limited' : second.body?.error?.code} other ${other.status === 429 ? 429 : 'allowed'}`)
    }
    expect(answers).toEqual(operations.map((operation) => `${operation.operationId} first allowed 429 rate_limited other allowed`))
  }, 180_000) // a key and four requests for each of ~90 operations
})

describe('every operation that needs a scope', () => {
  it('answers a key without it 403 insufficient_scope before reading anything: not the 400 or 422 its bad input would get', async () => {
    const operations = apiOperations.filter((operation) => operation.auth !== 'public' && operation.auth.scope)
    const org = await contractOrganization()
    const answers: string[] = []
    for (const operation of operations) {
      const scope = operation.auth !== 'public' ? operation.auth.scope! : null
      const limited = await contractOrganization({ organizationId: org.organizationId, scopes: API_SCOPES.filter((s) => s !== scope) })
      const answer = await callApi<{ error?: { code: string } }>({
        method: operation.method,
        path: `${pathOf(operation)}?colour=red`,
        key: limited.key,
        headers: { 'Idempotency-Key': 'not valid \u0001' },
        ...(operation.body?.json ? { json: nested(JSON_MAX_DEPTH + 5) } : operation.body ? { body: 'x', headers: { 'Content-Type': 'text/plain' } } : {}),
      })
      answers.push(`${operation.operationId} ${answer.status} ${operation.method === 'HEAD' ? 'insufficient_scope' : answer.body?.error?.code}`)
    }
    expect(answers).toEqual(operations.map((operation) => `${operation.operationId} 403 insufficient_scope`))
  })
})
