import { existsSync } from 'node:fs'
import { beforeEach, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { prisma } from '~/utils/db.server'
import { keyWith, seen, testApi } from '../../../tests/support/api-fixture-operations'

type ErrorBody = { error: { code: string; message: string; details?: { fields?: { path: string; message: string }[]; [key: string]: unknown } } }
type Thing = { id: string; name: string; file: { filename: string; size: number; sha256: string } | null }

beforeEach(() => seen.reset())

function csv(content: string, filename = 'leads.csv', type = 'text/csv') {
  return new File([content], filename, { type })
}

function form(fields: Record<string, string | File>) {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.append(name, value)
  return data
}

describe('an operation built with apiRoute', () => {
  it('asks for the key and the scope first, with the rate-limit headers on every answer to a valid key', async () => {
    const anonymous = await testApi({ path: '/api/v1/test-things' })
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="esd.quest"')
    expect(anonymous.headers.get('ratelimit-limit')).toBeNull()

    const { key } = await keyWith(['imports:write'])
    const forbidden = await testApi<ErrorBody>({ path: '/api/v1/test-things', key })
    expect(forbidden.status).toBe(403)
    expect(forbidden.body.error.code).toBe('insufficient_scope')
    expect(forbidden.headers.get('www-authenticate')).toContain('error="insufficient_scope"')

    // Invalid input after a valid key still reports the key's window.
    const reader = await keyWith(['leads:read'])
    const invalid = await testApi<ErrorBody>({ path: '/api/v1/test-things?limit=0', key: reader.key })
    expect(invalid.status).toBe(400)
    expect(invalid.headers.get('ratelimit-limit')).toBe('600')
    expect(invalid.headers.get('ratelimit-remaining')).toBe('599')
    expect(invalid.headers.get('cache-control')).toBe('no-store')
  })

  it('validates a JSON body: not JSON, not matching, too large or of another type are 4xx with field errors, and the handler never runs', async () => {
    const { key } = await keyWith(['leads:write'])
    const notJson = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key, body: '{"name":', headers: { 'content-type': 'application/json' } })
    expect([notJson.status, notJson.body.error.code]).toEqual([400, 'invalid_json'])

    const invalid = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key, json: { name: '  ', tags: 'x' } })
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'invalid_body'])
    expect(invalid.body.error.details?.fields?.map((f) => f.path).sort()).toEqual(['name', 'tags'])

    const large = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key, json: { name: 'x'.repeat(5000) } })
    expect([large.status, large.body.error.code, large.body.error.details?.maxBytes]).toEqual([413, 'payload_too_large', 4096])

    const text = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key, body: 'name=x', headers: { 'content-type': 'text/plain' } })
    expect([text.status, text.body.error.code]).toEqual([415, 'unsupported_media_type'])
    expect(text.body.error.details?.accepted).toEqual(['application/json', 'multipart/form-data'])

    const none = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key })
    expect(none.status).toBe(415)
    expect(seen.creations).toEqual([])

    const made = await testApi<Thing>({ method: 'POST', path: '/api/v1/test-things', key, json: { name: ' Widget ' } })
    expect(made.status).toBe(201)
    expect(made.body).toEqual({ id: expect.any(String), name: 'Widget', file: null })
    expect(made.headers.get('location')).toBe(`/api/v1/test-things/${made.body.id}`)
  })

  it('takes the same operation as multipart: the file streams to disk with its SHA-256, and is gone after the answer', async () => {
    const { key } = await keyWith(['leads:write'])
    const content = 'name,phone\nAda,+15550100\n'
    const made = await testApi<Thing>({ method: 'POST', path: '/api/v1/test-things', key, form: form({ name: 'Upload', file: csv(content) }) })
    expect(made.status).toBe(201)
    expect(made.body.file).toEqual({ filename: 'leads.csv', size: Buffer.byteLength(content), sha256: createHash('sha256').update(content).digest('hex') })
    const file = seen.creations[0]!.file!
    expect(file.contentType).toBe('text/csv')
    expect(existsSync(file.path)).toBe(false)

    const wrongType = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key, form: form({ name: 'x', file: csv('x', 'a.png', 'image/png') }) })
    expect([wrongType.status, wrongType.body.error.details?.fields]).toEqual([400, [{ path: 'file', message: 'The file must be text/csv.' }]])
    const missing = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key, form: form({ name: 'x' }) })
    expect([missing.status, missing.body.error.details?.fields?.[0]?.path]).toEqual([400, 'file'])
    const tooLarge = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key, form: form({ name: 'x', file: csv('a'.repeat(1025)) }) })
    expect([tooLarge.status, tooLarge.body.error.code, tooLarge.body.error.details?.maxBytes]).toEqual([413, 'payload_too_large', 1024])
    expect(seen.creations).toHaveLength(1)
  })

  it('hands a raw body to the handler unread, after validating the declared headers (a tus PATCH)', async () => {
    const { key } = await keyWith(['imports:write'])
    const bytes = Buffer.from([0, 1, 2, 250, 255, 10, 13])
    const patched = await testApi({
      method: 'PATCH',
      path: '/api/v1/test-uploads/abc',
      key,
      body: bytes,
      headers: { 'content-type': 'application/offset+octet-stream', 'tus-resumable': '1.0.0', 'upload-offset': '100' },
    })
    expect(patched.status).toBe(204)
    expect(patched.headers.get('upload-offset')).toBe('107')
    expect(patched.headers.get('ratelimit-limit')).toBe('600')
    expect(seen.patches).toEqual([{ id: 'abc', offset: 100, bytes, bodyUsedBefore: false }])

    const noOffset = await testApi<ErrorBody>({
      method: 'PATCH',
      path: '/api/v1/test-uploads/abc',
      key,
      body: bytes,
      headers: { 'content-type': 'application/offset+octet-stream', 'tus-resumable': '1.0.0' },
    })
    expect([noOffset.status, noOffset.body.error.code, noOffset.body.error.details?.fields?.[0]?.path]).toEqual([400, 'invalid_header', 'Upload-Offset'])
    const wrongType = await testApi<ErrorBody>({
      method: 'PATCH',
      path: '/api/v1/test-uploads/abc',
      key,
      json: {},
      headers: { 'tus-resumable': '1.0.0', 'upload-offset': '0' },
    })
    expect([wrongType.status, wrongType.body.error.details?.accepted]).toEqual([415, ['application/offset+octet-stream']])
    expect(seen.patches).toHaveLength(1)
  })

  it('runs a POST exempt from idempotency every time, whatever Idempotency-Key says', async () => {
    const { key } = await keyWith(['imports:write'])
    const call = () =>
      testApi({
        method: 'POST',
        path: '/api/v1/test-uploads',
        key,
        headers: { 'idempotency-key': 'same', 'tus-resumable': '1.0.0', 'upload-length': '10', 'content-type': 'application/offset+octet-stream' },
      })
    expect((await call()).status).toBe(201)
    const again = await call()
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBeNull()
    expect(seen.uploadsCreated).toBe(2)
  })

  it('answers a malformed path parameter with 404, a wrong method with 405 and Allow, and HEAD like GET without a body', async () => {
    const { key } = await keyWith(['leads:read'])
    const malformed = await testApi<ErrorBody>({ path: '/api/v1/test-things/not-a-uuid', key })
    expect([malformed.status, malformed.body.error.code]).toEqual([404, 'not_found'])
    const missing = await testApi<ErrorBody>({ path: `/api/v1/test-things/${crypto.randomUUID()}`, key })
    expect([missing.status, missing.body.error.code]).toEqual([404, 'thing_not_found'])

    const wrong = await testApi<ErrorBody>({ method: 'DELETE', path: '/api/v1/test-things', key })
    expect([wrong.status, wrong.body.error.code, wrong.headers.get('allow')]).toEqual([405, 'method_not_allowed', 'GET, HEAD, POST'])

    const head = await testApi({ method: 'HEAD', path: '/api/v1/test-things', key })
    expect(head.status).toBe(200)
    expect(head.text).toBe('')
  })

  it('answers a fault with a logged JSON 500 in the error shape, never an HTML page', async () => {
    const { key } = await keyWith(['leads:read'])
    const fault = await testApi<ErrorBody & { error: { requestId: string } }>({
      path: '/api/v1/test-things/00000000-0000-0000-0000-000000000000',
      key,
      headers: { 'x-request-id': 'req-fault-0001' },
    })
    expect(fault.status).toBe(500)
    expect(fault.headers.get('content-type')).toMatch(/^application\/json/)
    expect(fault.body.error).toMatchObject({ code: 'internal_error', requestId: 'req-fault-0001' })
    expect(fault.text).not.toContain('a bug')
    expect(fault.headers.get('ratelimit-limit')).toBe('600')
  })

  it('counts a refused request against the key like any other', async () => {
    const { key, apiKey } = await keyWith(['leads:read'], { rateLimitPerMinute: 2 })
    expect((await testApi({ path: '/api/v1/test-things?limit=abc', key })).status).toBe(400)
    expect((await testApi({ path: '/api/v1/test-things', key })).status).toBe(200)
    const limited = await testApi<ErrorBody>({ path: '/api/v1/test-things', key })
    expect([limited.status, limited.body.error.code]).toEqual([429, 'rate_limited'])
    expect((await prisma.rateLimitBucket.findUniqueOrThrow({ where: { key: `api_key:${apiKey.id}` } })).count).toBe(3)
  })
})
