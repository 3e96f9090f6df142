import { z } from 'zod'
import 'zod-openapi'
import type { Actor } from '~/modules/audit/actor'
import { createApiKey } from '~/modules/integrations/create-api-key.server'
import type { ApiScope } from '~/modules/integrations/api-key-scopes'
import { apiRoute } from '~/utils/api/api-route.server'
import { buildOpenApiDocument } from '~/utils/api/openapi.server'
import { defineOperation, handle, handleWithResponse } from '~/utils/api/operation.server'
import { pageQuery, pageSchema, pageWindow, toApiPage } from '~/utils/api/pagination.server'
import { apiFile, UploadedFile } from '~/utils/api/uploaded-file.server'
import { AppError } from '~/utils/app-error'
import { prisma, type Prisma } from '~/utils/db.server'
import { inProcessApiClient, routeTableResolver } from './api-client'
import { createOrganization, createUser, steppedUpSessionFor } from './factories'

/**
 * Operations built with the framework for its own tests, as a later
 * endpoint would declare them: a keyset-paginated list, a POST taking JSON
 * or a multipart file (idempotent), a record by id, a tus-like raw PATCH and
 * a raw POST exempt from idempotency. `testApi` calls them through real
 * Requests and checks every answer against their generated document.
 */

export const ThingSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    file: z.object({ filename: z.string(), size: z.int(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).nullable(),
  })
  .meta({ id: 'Thing' })

const KeyItemSchema = z.object({ id: z.uuid(), name: z.string(), createdAt: z.iso.datetime() }).meta({ id: 'KeyItem' })

export const listKeys = defineOperation({
  operationId: 'listKeys',
  method: 'GET',
  path: '/api/v1/test-things',
  summary: 'The organization’s API keys, a page at a time',
  tag: 'Test',
  auth: { scope: 'leads:read' },
  query: pageQuery,
  responses: { 200: { description: 'A page.', body: pageSchema(KeyItemSchema, 'KeyItemPage'), example: { data: [], nextCursor: null } } },
})

const nameField = z.string().trim().min(1).max(80)

export const createThing = defineOperation({
  operationId: 'createThing',
  method: 'POST',
  path: '/api/v1/test-things',
  summary: 'Make a thing from JSON or a CSV file',
  tag: 'Test',
  auth: { scope: 'leads:write' },
  body: {
    json: { schema: z.object({ name: nameField, tags: z.array(z.string()).optional() }), example: { name: 'A thing' }, maxBytes: 4096 },
    multipart: { schema: z.object({ name: nameField, file: apiFile({ description: 'A CSV file.', mediaTypes: ['text/csv'] }) }), maxFileBytes: 1024 },
  },
  responses: {
    201: {
      description: 'Made.',
      body: ThingSchema,
      example: { id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42', name: 'A thing', file: null },
      headers: { Location: { description: 'Where the thing is.', schema: z.string(), required: true } },
    },
  },
  errors: { 409: { thing_conflict: 'a thing by that name exists' }, 422: { thing_rejected: 'the module refused the name' } },
})

export const createStrictThing = defineOperation({
  operationId: 'createStrictThing',
  method: 'POST',
  path: '/api/v1/test-strict-things',
  summary: 'Make a thing; an Idempotency-Key is required',
  tag: 'Test',
  auth: { scope: 'leads:write' },
  body: { json: { schema: z.object({ name: nameField }), example: { name: 'A thing' } } },
  idempotency: 'required',
  responses: { 201: { description: 'Made.', body: ThingSchema, example: { id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42', name: 'A thing', file: null } } },
})

export const getThing = defineOperation({
  operationId: 'getThing',
  method: 'GET',
  path: '/api/v1/test-things/{id}',
  summary: 'One thing',
  tag: 'Test',
  auth: { scope: null },
  params: z.object({ id: z.uuid() }),
  responses: { 200: { description: 'The thing.', body: ThingSchema, example: { id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42', name: 'A thing', file: null } } },
  errors: { 404: { thing_not_found: 'no such thing in the key’s organization' } },
})

const tusHeaders = {
  'Tus-Resumable': { description: 'The tus protocol version.', schema: z.literal('1.0.0'), required: true },
  'Upload-Offset': { description: 'Bytes received so far.', schema: z.int().min(0), required: true },
}

export const patchUpload = defineOperation({
  operationId: 'patchUpload',
  method: 'PATCH',
  path: '/api/v1/test-uploads/{id}',
  summary: 'Append bytes to an upload (tus)',
  tag: 'Test',
  auth: { scope: 'imports:write' },
  params: z.object({ id: z.string().regex(/^[a-z0-9]+$/) }),
  headers: z.object({ 'Tus-Resumable': z.literal('1.0.0'), 'Upload-Offset': z.coerce.number().int().min(0) }),
  body: { raw: { contentType: 'application/offset+octet-stream', description: 'The next bytes of the file, from `Upload-Offset`.' } },
  responses: { 204: { description: 'Stored; `Upload-Offset` is the new offset.', headers: tusHeaders } },
})

export const createUpload = defineOperation({
  operationId: 'createUpload',
  method: 'POST',
  path: '/api/v1/test-uploads',
  summary: 'Start an upload (tus creation)',
  tag: 'Test',
  auth: { scope: 'imports:write' },
  headers: z.object({ 'Tus-Resumable': z.literal('1.0.0'), 'Upload-Length': z.coerce.number().int().min(1) }),
  body: { raw: { contentType: 'application/offset+octet-stream', description: 'Optionally, the first bytes.' } },
  idempotency: { exempt: 'tus creation is retried with HEAD on the upload’s URL, not replayed' },
  responses: {
    201: {
      description: 'Started.',
      headers: { Location: { description: 'The upload’s URL.', schema: z.string(), required: true }, ...tusHeaders },
    },
  },
})

/** What the handlers saw, for the tests to count executions and look at inputs. */
export const seen = {
  creations: [] as { name: string; idempotencyKey: string | null; file: UploadedFile | null; apiKeyId: string }[],
  patches: [] as { id: string; offset: number; bytes: Buffer; bodyUsedBefore: boolean }[],
  uploadsCreated: 0,
  /** A creation named "slow" waits for this. */
  gate: Promise.resolve(),
  reset() {
    this.creations = []
    this.patches = []
    this.uploadsCreated = 0
    this.gate = Promise.resolve()
  },
}

const thingRoute = apiRoute(
  handle(listKeys, async ({ auth, query }) => {
    const window = pageWindow(query)
    const rows = await prisma.apiKey.findMany({
      where: { organizationId: auth.organization.id, ...(window.where as Prisma.ApiKeyWhereInput | undefined) },
      orderBy: window.orderBy,
      take: window.take,
    })
    return { status: 200, body: toApiPage(rows, query, (row) => ({ id: row.id, name: row.name, createdAt: row.createdAt.toISOString() })) }
  }),
  handle(createThing, async ({ auth, body, idempotencyKey }) => {
    const name = body.data.name
    const file = body.type === 'multipart' ? body.data.file : null
    if (name === 'slow') await seen.gate
    if (name === 'crash') {
      seen.creations.push({ name, idempotencyKey, file, apiKeyId: auth.apiKey.id })
      throw new Error('the handler fell over')
    }
    if (name === 'reject') throw new AppError('thing_rejected', 'That name is refused.', 422)
    seen.creations.push({ name, idempotencyKey, file, apiKeyId: auth.apiKey.id })
    if (name === 'conflict') throw new AppError('thing_conflict', 'A thing by that name exists.', 409)
    const id = crypto.randomUUID()
    return {
      status: 201,
      body: { id, name, file: file ? { filename: file.filename, size: file.size, sha256: file.sha256 } : null },
      headers: { Location: `/api/v1/test-things/${id}` },
    }
  }),
)

export const testRoutes = {
  '/api/v1/test-things': thingRoute,
  '/api/v1/test-strict-things': apiRoute(
    handle(createStrictThing, async ({ body }) => ({ status: 201, body: { id: crypto.randomUUID(), name: body.data.name, file: null } })),
  ),
  '/api/v1/test-things/{id}': apiRoute(
    handle(getThing, async ({ params }) => {
      if (params.id === '00000000-0000-0000-0000-000000000000') throw new Error('a bug')
      throw new AppError('thing_not_found', 'There is no such thing.', 404)
    }),
  ),
  '/api/v1/test-uploads/{id}': apiRoute(
    handleWithResponse(patchUpload, async ({ request, params, headers }) => {
      const bodyUsedBefore = request.bodyUsed
      const bytes = Buffer.from(await request.arrayBuffer())
      seen.patches.push({ id: params.id, offset: headers['Upload-Offset'], bytes, bodyUsedBefore })
      return new Response(null, {
        status: 204,
        headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(headers['Upload-Offset'] + bytes.length) },
      })
    }),
  ),
  '/api/v1/test-uploads': apiRoute(
    handleWithResponse(createUpload, async () => {
      seen.uploadsCreated++
      return new Response(null, { status: 201, headers: { Location: '/api/v1/test-uploads/abc', 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0' } })
    }),
  ),
}

export const testOperations = [listKeys, createThing, createStrictThing, getThing, patchUpload, createUpload]

export const testDocument = () =>
  buildOpenApiDocument({
    operations: testOperations,
    info: { title: 'Test API', version: '0.0.0', description: 'Operations of the framework’s tests.', tags: [{ name: 'Test', description: 'Fixtures.' }] },
    serverUrl: 'http://localhost',
  })

/** Calls the test operations in this process; every answer is checked against their document. */
export const testApi = inProcessApiClient({ document: testDocument, resolve: routeTableResolver(testRoutes) })

/** An API key with `scopes` in a fresh organization (or `organizationId`'s). */
export async function keyWith(scopes: ApiScope[], options: { organizationId?: string; name?: string; rateLimitPerMinute?: number } = {}) {
  const organizationId = options.organizationId ?? (await createOrganization()).id
  const admin = await createUser({ organizationId, role: 'admin' })
  const actor: Actor = { type: 'user', userId: admin.id, organizationId, label: admin.email }
  const { sessionId } = await steppedUpSessionFor(admin.id)
  const created = await createApiKey({
    organizationId,
    actor,
    sessionId,
    name: options.name ?? 'Test key',
    scopes,
    rateLimitPerMinute: options.rateLimitPerMinute,
  })
  return { key: created.key, apiKey: created.apiKey, organizationId }
}
