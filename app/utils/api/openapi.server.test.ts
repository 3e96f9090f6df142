import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { buildOpenApiDocument } from './openapi.server'
import { defineOperation, type OperationSpec } from './operation.server'
import { pageQuery, pageSchema } from './pagination.server'
import { apiFile } from './uploaded-file.server'

/** What the generator makes of each kind of declaration (the framework's own operations are in tests/support). */

const Item = z.object({ id: z.uuid() }).meta({ id: 'Item' })

const listItems = defineOperation({
  operationId: 'listItems',
  method: 'GET',
  path: '/api/v1/items',
  summary: 'Items',
  tag: 'Items',
  auth: { scope: 'leads:read' },
  query: pageQuery.extend({ status: z.enum(['new', 'old']).optional() }),
  responses: { 200: { description: 'A page.', body: pageSchema(Item, 'ItemPage'), example: { data: [], nextCursor: null } } },
})

const createItem = defineOperation({
  operationId: 'createItem',
  method: 'POST',
  path: '/api/v1/items',
  summary: 'Make an item',
  tag: 'Items',
  auth: { scope: 'leads:write' },
  body: {
    json: { schema: z.object({ name: z.string() }), example: { name: 'x' } },
    multipart: { schema: z.object({ file: apiFile({ description: 'A CSV file.', mediaTypes: ['text/csv'] }) }), maxFileBytes: 2048 },
  },
  responses: { 201: { description: 'Made.', body: Item, headers: { Location: { description: 'Its URL.', schema: z.string(), required: true } } } },
  errors: { 409: { item_exists: 'an item by that name exists' } },
})

const strictItem = defineOperation({
  operationId: 'strictItem',
  method: 'POST',
  path: '/api/v1/strict-items',
  summary: 'Make an item, keyed',
  tag: 'Items',
  auth: { scope: null },
  body: { json: { schema: z.object({ name: z.string() }), example: { name: 'x' } } },
  idempotency: 'required',
  responses: { 201: { description: 'Made.', body: Item } },
})

const startUpload = defineOperation({
  operationId: 'startUpload',
  method: 'POST',
  path: '/api/v1/uploads',
  summary: 'Start an upload',
  tag: 'Items',
  auth: { scope: 'imports:write' },
  headers: z.object({ 'Upload-Length': z.coerce.number().int().min(1).meta({ description: 'The file’s size.' }) }),
  body: { raw: { contentType: 'application/offset+octet-stream', description: 'The first bytes, optionally.' } },
  idempotency: { exempt: 'tus resumes with HEAD' },
  responses: { 201: { description: 'Started.', headers: { Location: { description: 'The upload.', schema: z.string(), required: true } } } },
})

const publicDocument = defineOperation({
  operationId: 'publicThing',
  method: 'GET',
  path: '/api/v1/public/{slug}',
  summary: 'Public',
  tag: 'Items',
  auth: 'public',
  params: z.object({ slug: z.string() }),
  responses: { 200: { description: 'Ok.', body: z.object({ ok: z.boolean() }), example: { ok: true } } },
})

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- walking a generated document

function document(operations: OperationSpec[] = [listItems, createItem, strictItem, startUpload, publicDocument]): Json {
  return buildOpenApiDocument({
    operations,
    info: { title: 'T', version: '1', description: 'Guide.', tags: [{ name: 'Items', description: 'Items.' }] },
    serverUrl: 'https://api.example.test',
  }) as Json
}

describe('the OpenAPI generator', () => {
  const doc = document()

  it('makes a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never)
    expect(result.errors ?? []).toEqual([])
  })

  it('declares the pagination convention once, as components every list refers to', () => {
    const list = doc.paths['/api/v1/items'].get
    expect(list.parameters).toEqual(
      expect.arrayContaining([{ $ref: '#/components/parameters/Limit' }, { $ref: '#/components/parameters/Cursor' }, expect.objectContaining({ name: 'status', in: 'query' })]),
    )
    expect(doc.components.parameters.Limit).toMatchObject({ in: 'query', name: 'limit', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } })
    expect(doc.components.parameters.Cursor).toMatchObject({ in: 'query', name: 'cursor' })
    expect(doc.components.parameters.Cursor.required).toBeFalsy()
    expect(doc.components.schemas.ItemPage.properties).toEqual({
      data: expect.objectContaining({ type: 'array', items: { $ref: '#/components/schemas/Item' } }),
      nextCursor: { $ref: '#/components/schemas/NextCursor' },
    })
    expect(doc.components.schemas.NextCursor).toMatchObject({ type: ['string', 'null'] })
  })

  it('gives every POST the Idempotency-Key header and its answers, unless it is exempt', () => {
    const post = doc.paths['/api/v1/items'].post
    expect(post.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' })
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false })
    expect(post['x-idempotency']).toBe('optional')
    expect(Object.keys(post.responses['409'].content['application/json'].examples)).toEqual(['idempotency_request_in_progress', 'item_exists'])
    expect(Object.keys(post.responses['422'].content['application/json'].examples)).toEqual(['body_too_deep', 'array_too_long', 'idempotency_key_reused'])
    expect(post.responses['201'].headers['Idempotent-Replayed']).toMatchObject({ schema: { const: 'true' } })
    expect(post.responses['201'].headers['Idempotent-Replayed'].required).toBeFalsy()

    const strict = doc.paths['/api/v1/strict-items'].post
    expect(strict.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', required: true }))
    expect(Object.keys(strict.responses['400'].content['application/json'].examples)).toContain('idempotency_key_required')

    const exempt = doc.paths['/api/v1/uploads'].post
    expect(exempt['x-idempotency']).toBe('exempt')
    expect(exempt['x-idempotency-exempt-reason']).toBe('tus resumes with HEAD')
    expect(JSON.stringify(exempt.parameters)).not.toContain('Idempotency-Key')
    expect(exempt.responses['422']).toBeUndefined()
  })

  it('documents a JSON and a multipart body on one operation, and a raw body with its protocol headers', () => {
    const content = doc.paths['/api/v1/items'].post.requestBody.content
    expect(Object.keys(content)).toEqual(['application/json', 'multipart/form-data'])
    expect(content['multipart/form-data'].schema.properties.file).toMatchObject({ type: 'string', format: 'binary', contentMediaType: 'text/csv' })
    expect(doc.paths['/api/v1/items'].post.requestBody.description).toContain('2,048 bytes')

    const upload = doc.paths['/api/v1/uploads'].post
    expect(upload.requestBody.content).toEqual({ 'application/offset+octet-stream': { schema: { type: 'string', contentMediaType: 'application/offset+octet-stream' } } })
    expect(upload.parameters).toContainEqual(expect.objectContaining({ name: 'Upload-Length', in: 'header', required: true }))
    expect(upload.responses['201'].headers.Location).toMatchObject({ required: true })
    expect(upload.responses['201'].content).toBeUndefined()
    expect(upload.responses['413']).toBeUndefined()
    expect(Object.keys(upload.responses['415'].content['application/json'].examples)).toEqual(['unsupported_media_type'])
  })

  it('states the key, the scope and the errors each operation can answer with, and the headers of each answer', () => {
    const list = doc.paths['/api/v1/items'].get
    expect(list.security).toEqual([{ apiKey: ['leads:read'] }])
    expect(list['x-required-scope']).toBe('leads:read')
    expect(Object.keys(list.responses)).toEqual(['200', '400', '401', '403', '429', '500'])
    expect(list.responses['200'].headers).toMatchObject({
      'X-Request-Id': { required: true },
      'RateLimit-Limit': { required: true },
      'RateLimit-Remaining': { required: true },
      'RateLimit-Reset': { required: true },
    })
    expect(list.responses['401'].headers['RateLimit-Limit']).toBeUndefined()
    expect(list.responses['401'].headers['WWW-Authenticate']).toMatchObject({ required: true })
    expect(list.responses['429'].headers['Retry-After']).toMatchObject({ required: true })
    expect(list.responses['500'].headers['RateLimit-Limit']).toMatchObject({ schema: { type: 'integer' } })
    expect(list.responses['500'].headers['RateLimit-Limit'].required).toBeFalsy()
    expect(list.responses['400'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' })

    const open = doc.paths['/api/v1/public/{slug}'].get
    expect(open.security).toEqual([])
    expect(Object.keys(open.responses)).toEqual(['200', '400', '404', '500'])
    expect(open.responses['200'].headers['RateLimit-Limit']).toBeUndefined()
    expect(doc.servers).toEqual([{ url: 'https://api.example.test' }])
  })

  it('refuses declarations that would make a wrong document', () => {
    expect(() => document([{ ...listItems, tag: 'Nope' }])).toThrow('unknown tag "Nope"')
    expect(() => document([listItems, { ...createItem, operationId: 'listItems' }])).toThrow('Two operations are called listItems')
    expect(() => defineOperation({ ...publicDocument, params: z.object({ id: z.string() }) })).toThrow("params (id) must name the path's {parameters} (slug)")
    expect(() => defineOperation({ ...startUpload, idempotency: undefined })).toThrow('cannot be replayed')
    expect(() => defineOperation({ ...listItems, responses: { 404: { description: 'x' } } })).toThrow('errors go in `errors`')
    expect(() => defineOperation({ ...strictItem, auth: 'public', idempotency: undefined })).toThrow('a public POST has no API key')
    expect(() => defineOperation({ ...listItems, body: { json: { schema: z.object({}), example: {} } } })).toThrow('GET takes no body')
  })

  it('marks an operation the app’s pages may call with a session, whose answers then carry no key headers', () => {
    const sessionItem = defineOperation({ ...listItems, operationId: 'sessionItems', auth: { scope: 'leads:read', session: async () => ({ userId: 'u' }) } })
    const keyOnly = document([listItems]).paths['/api/v1/items'].get
    expect(keyOnly['x-session-auth']).toBeUndefined()
    expect(keyOnly.responses['200'].headers['RateLimit-Limit'].required).toBe(true)
    expect(keyOnly.responses['403'].headers['WWW-Authenticate'].required).toBe(true)

    const withSession = document([sessionItem]).paths['/api/v1/items'].get
    expect(withSession['x-session-auth']).toBe(true)
    expect(withSession.description).toMatch(/session cookie/)
    expect(withSession.security).toEqual([{ apiKey: ['leads:read'] }])
    expect(withSession.responses['200'].headers['RateLimit-Limit'].required).toBeFalsy()
    expect(withSession.responses['403'].headers['WWW-Authenticate'].required).toBeFalsy()
    expect(withSession.responses['401'].headers['WWW-Authenticate'].required).toBe(true)
  })
})
