import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startInProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { runImport } from '../../inngest/functions/ingest/run-import'
import { callApi } from '../support/api-client'
import { createApiKeyFor } from '../support/factories'
import { createVertical } from '../support/landed-import'
import { useLocalUploadStore } from '../support/upload-env'

/**
 * An external system that knows only the document: it reads
 * /api/v1/openapi.json, finds the operations by operationId, checks the
 * scopes its key holds, uploads a file as the document describes and polls
 * the import until it is done. Nothing here names a path.
 */

type Operation = { operationId: string; 'x-required-scope'?: string; requestBody?: { content: Record<string, unknown> } }
type Document = { paths: Record<string, Record<string, Operation>> }

let restore: () => Promise<void>
beforeAll(async () => {
  ;({ restore } = await useLocalUploadStore())
})
afterAll(() => restore())

function find(document: Document, operationId: string) {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId === operationId) return { path, method: method.toUpperCase(), operation }
    }
  }
  throw new Error(`The document has no ${operationId}`)
}

describe('an external system using only the API document', () => {
  it('imports a file with a key holding only imports:write and imports:read, and follows it to the end', { timeout: 90_000 }, async () => {
    const { key, organizationId } = await createApiKeyFor({ scopes: ['imports:write', 'imports:read'] })
    await createVertical(organizationId, 'seller')

    const document = (await callApi<Document>({ path: '/api/v1/openapi.json' })).body
    const start = find(document, 'createImport')
    const follow = find(document, 'getImport')
    expect([start.operation['x-required-scope'], follow.operation['x-required-scope']]).toEqual(['imports:write', 'imports:read'])
    expect(Object.keys(start.operation.requestBody!.content)).toContain('multipart/form-data')

    const form = new FormData()
    form.set('file', new File([readFileSync(new URL('../fixtures/ingest/property-export-60.csv', import.meta.url))], 'owners.csv', { type: 'text/csv' }))
    form.set('class', 'universe')
    form.set('verticalKey', 'seller')
    const started = await callApi<{ import: { id: string } }>({ method: start.method, path: start.path, key, form, headers: { 'Idempotency-Key': crypto.randomUUID() } })
    expect(started.status).toBe(202)

    const runner = startInProcessRunner({ functions: [runImport], retryBaseMs: 10, pollIntervalMs: 50 })
    try {
      let status = 'queued'
      let counts: Record<string, unknown> = {}
      for (let poll = 0; poll < 300 && !['completed', 'failed', 'cancelled'].includes(status); poll++) {
        const answer = await callApi<{ import: { status: string; counts: Record<string, unknown> } }>({
          method: follow.method,
          path: follow.path.replace('{id}', started.body.import.id),
          key,
        })
        expect(answer.status).toBe(200)
        ;({ status, counts } = answer.body.import)
        if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 100))
      }
      expect(status).toBe('completed')
      expect(counts).toMatchObject({ rows: 2, newIdentities: 3, phonesAdded: 4, invalidPhones: 1 })
    } finally {
      await runner.stop()
    }
  })
})
