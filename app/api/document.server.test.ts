import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { ApiContract } from '../../tests/support/api-contract'
import { openApiDocument } from './document.server'
import { apiOperations } from './operations.server'

type Json = Record<string, unknown>
const document = openApiDocument('https://app.esd.quest') as unknown as Json & { paths: Record<string, Record<string, Json>> }
const contract = new ApiContract(document)

function* operations() {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) yield { path, method, operation }
  }
}

describe('the OpenAPI document of /api/v1', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as never)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(document.openapi).toBe('3.1.0')
    // The linter does catch a broken document: a response without its description.
    const broken = { ...document, paths: { '/api/v1/x': { get: { responses: { '200': {} } } } } }
    expect((await new Validator().validate(broken as never)).valid).toBe(false)
  })

  it('has every operation of the registry, once', () => {
    const listed = [...operations()].map(({ path, method, operation }) => `${method.toUpperCase()} ${path} ${String(operation.operationId)}`)
    expect(listed.sort()).toEqual(apiOperations.map((o) => `${o.method} ${o.path} ${o.operationId}`).sort())
  })

  it('names the server it was built for and the bearer scheme, with the scope of each operation', () => {
    expect(document.servers).toEqual([{ url: 'https://app.esd.quest' }])
    const components = document.components as { securitySchemes: Json }
    expect(components.securitySchemes).toEqual({ apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }) })
    for (const { method, path, operation } of operations()) {
      const declared = apiOperations.find((o) => o.operationId === operation.operationId)!
      if (declared.auth === 'public') expect(operation.security, `${method} ${path}`).toEqual([])
      else expect(operation.security, `${method} ${path}`).toEqual([{ apiKey: declared.auth.scope ? [declared.auth.scope] : [] }])
    }
  })

  it('gives every operation a summary, a tag of the document and an example of each answer that matches its schema', () => {
    const tags = new Set((document.tags as { name: string }[]).map((tag) => tag.name))
    let examples = 0
    for (const { method, path, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`
      expect(operation.summary, where).toEqual(expect.any(String))
      expect((operation.tags as string[]).every((tag) => tags.has(tag)), where).toBe(true)
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        expect(response.description, `${where} ${status}`).toEqual(expect.any(String))
        const media = (response.content as Record<string, Json> | undefined)?.['application/json']
        if (!media) continue
        const samples = media.example !== undefined ? [media.example] : Object.values((media.examples ?? {}) as Record<string, { value: unknown }>).map((e) => e.value)
        expect(samples.length, `${where} ${status} has no example`).toBeGreaterThan(0)
        for (const sample of samples) {
          expect(contract.check(`example ${where} ${status}`, media.schema as never, sample), `${where} ${status}`).toEqual([])
          examples++
        }
      }
    }
    expect(examples).toBeGreaterThan(5)
    // Every example of every operation is validated against its schema: seconds of CPU on a busy 2-core machine.
  }, 30_000)

  it('carries the guide: authentication, scopes, errors, rate limits, idempotency and pagination', () => {
    const guide = (document.info as { description: string }).description
    for (const heading of ['Authentication', 'Scopes', 'Errors', 'Rate limits', 'Idempotency', 'Pagination']) {
      expect(guide).toContain(`## ${heading}`)
    }
    expect(guide).toContain('curl https://app.esd.quest/api/v1/me')
    expect(guide).toContain('`idempotency_key_reused`')
  })
})
