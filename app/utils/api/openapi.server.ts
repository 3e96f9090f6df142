import { z } from 'zod'
import {
  createDocument,
  type oas31,
  type ZodOpenApiContentObject,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathItemObject,
  type ZodOpenApiRequestBodyObject,
  type ZodOpenApiResponseObject,
} from 'zod-openapi'
import { ApiErrorSchema, headerSpecs, RESPONSE_HEADER_NAMES, type HeaderSpec } from './components.server'
import {
  AUTH_ERRORS,
  IDEMPOTENCY_ERRORS,
  INPUT_ERRORS,
  INTERNAL_ERROR,
  RATE_LIMIT_ERROR,
  ROUTING_ERRORS,
  SCOPE_ERROR,
  type ApiErrorCode,
} from './error-codes'
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key'
import type { OperationSpec, ResponseHeaderSpec } from './operation.server'
import { DEFAULT_JSON_MAX_BYTES } from './request-input.server'

/**
 * The OpenAPI 3.1 document of a list of operations, generated from the Zod
 * schemas the routes validate with (zod-openapi renders them with Zod's own
 * JSON Schema output). Besides each operation's own input and answers it
 * states what the framework adds to every one: the bearer key and its scope,
 * the `Idempotency-Key` of a POST, the common headers and every error an
 * operation can answer, in the one error shape.
 */

export type OpenApiDocument = ReturnType<typeof createDocument>

export type ApiTag = { name: string; description: string }

export type ApiDocumentInfo = {
  title: string
  version: string
  /** Markdown: the guide (authentication, errors, idempotency, pagination…). */
  description: string
  tags: readonly ApiTag[]
}

export const SECURITY_SCHEME = 'apiKey'

/** `x-idempotency` of a POST: how it treats `Idempotency-Key`. */
export type IdempotencyMode = 'optional' | 'required' | 'exempt'

function idempotencyMode(operation: OperationSpec): IdempotencyMode | null {
  if (operation.method !== 'POST') return null
  if (typeof operation.idempotency === 'object') return 'exempt'
  return operation.idempotency ?? 'optional'
}

function headerSchema(spec: HeaderSpec | ResponseHeaderSpec, required: boolean): z.ZodType {
  const described = spec.schema.meta({ description: spec.description })
  return required ? described : described.optional()
}

type HeaderEntry = [name: string, schema: z.ZodType]

function headersObject(entries: HeaderEntry[]): z.ZodObject {
  return z.object(Object.fromEntries(entries))
}

/** The headers the framework puts on an answer of `status`. */
function commonHeaders(operation: OperationSpec, status: number): HeaderEntry[] {
  const entries: HeaderEntry[] = [[RESPONSE_HEADER_NAMES.requestId, headerSchema(headerSpecs.requestId, true)]]
  const authenticated = operation.auth !== 'public'
  // A session request (the app's own pages) has no key, so no rate-limit count and no bearer challenge.
  const keyOnly = authenticated && !(operation.auth !== 'public' && operation.auth.session)
  if (authenticated && status !== 401) {
    // A fault can come before the key is checked (the database is down): then there is no count to report.
    const required = status !== 500 && keyOnly
    entries.push(
      [RESPONSE_HEADER_NAMES.rateLimitLimit, headerSchema(headerSpecs.rateLimitLimit, required)],
      [RESPONSE_HEADER_NAMES.rateLimitRemaining, headerSchema(headerSpecs.rateLimitRemaining, required)],
      [RESPONSE_HEADER_NAMES.rateLimitReset, headerSchema(headerSpecs.rateLimitReset, required)],
    )
  }
  if (authenticated && (status === 401 || (status === 403 && operation.auth !== 'public' && operation.auth.scope))) {
    entries.push([RESPONSE_HEADER_NAMES.wwwAuthenticate, headerSchema(headerSpecs.wwwAuthenticate, keyOnly || status === 401)])
  }
  if (status === 429) entries.push([RESPONSE_HEADER_NAMES.retryAfter, headerSchema(headerSpecs.retryAfter, true)])
  if (status === 409 && idempotencyMode(operation) && idempotencyMode(operation) !== 'exempt') {
    entries.push([RESPONSE_HEADER_NAMES.retryAfter, headerSchema(headerSpecs.retryAfter, !operation.errors?.[409])])
  }
  const replayable = status < 400 || (status < 500 && status !== 400 && status !== 422)
  if (replayable && (idempotencyMode(operation) === 'optional' || idempotencyMode(operation) === 'required')) {
    entries.push([RESPONSE_HEADER_NAMES.replayed, headerSchema(headerSpecs.replayed, false)])
  }
  return entries
}

/** Every error an operation may answer with, by status: the framework's and its module's. */
export function errorCodesOf(operation: OperationSpec): Map<number, ApiErrorCode[]> {
  const byStatus = new Map<number, ApiErrorCode[]>()
  const add = (...codes: ApiErrorCode[]) => {
    for (const code of codes) byStatus.set(code.status, [...(byStatus.get(code.status) ?? []), code])
  }
  const mode = idempotencyMode(operation)
  // An unknown query parameter is refused whether or not the operation takes any (docs/api.md, "Unknown fields").
  add(INPUT_ERRORS.query)
  if (operation.headers) add(INPUT_ERRORS.header)
  if (operation.body?.json) add(INPUT_ERRORS.json)
  if (operation.body?.json || operation.body?.multipart) add(INPUT_ERRORS.body)
  if (mode === 'optional' || mode === 'required') add(IDEMPOTENCY_ERRORS.invalid)
  if (mode === 'required') add(IDEMPOTENCY_ERRORS.required)
  if (operation.auth !== 'public') add(...AUTH_ERRORS)
  if (operation.auth !== 'public' && operation.auth.scope) add(SCOPE_ERROR)
  if (operation.params) add(ROUTING_ERRORS[0])
  if (mode === 'optional' || mode === 'required') add(IDEMPOTENCY_ERRORS.inProgress)
  if (operation.body?.json || operation.body?.multipart) add(INPUT_ERRORS.tooLarge)
  if (operation.body) add(INPUT_ERRORS.mediaType)
  if (operation.body?.json) add(INPUT_ERRORS.tooDeep, INPUT_ERRORS.arrayTooLong)
  if (mode === 'optional' || mode === 'required') add(IDEMPOTENCY_ERRORS.reused)
  if (operation.auth !== 'public') add(RATE_LIMIT_ERROR)
  for (const [status, codes] of Object.entries(operation.errors ?? {})) {
    add(...Object.entries(codes).map(([code, when]) => ({ status: Number(status), code, when })))
  }
  add(INTERNAL_ERROR)
  return new Map([...byStatus.entries()].sort(([a], [b]) => a - b))
}

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1).replace(/`/g, '') + '.'

function errorResponse(operation: OperationSpec, status: number, codes: ApiErrorCode[]): ZodOpenApiResponseObject {
  return {
    description: codes.map((code) => `\`${code.code}\`: ${code.when}`).join('; '),
    headers: headersObject(commonHeaders(operation, status)),
    content: {
      'application/json': {
        schema: ApiErrorSchema,
        examples: Object.fromEntries(
          codes.map((code) => [
            code.code,
            { summary: code.code, value: { error: { code: code.code, message: sentence(code.when) } } },
          ]),
        ),
      },
    },
  }
}

function successResponses(operation: OperationSpec): Record<string, ZodOpenApiResponseObject> {
  return Object.fromEntries(
    Object.entries(operation.responses).map(([status, response]) => {
      const own: HeaderEntry[] = Object.entries(response.headers ?? {}).map(([name, spec]) => [name, headerSchema(spec, spec.required ?? false)])
      const result: ZodOpenApiResponseObject = {
        description: response.description,
        headers: headersObject([...commonHeaders(operation, Number(status)), ...own]),
        ...(response.body
          ? { content: { 'application/json': { schema: response.body, ...(response.example !== undefined ? { example: response.example } : {}) } } }
          : {}),
      }
      return [status, result]
    }),
  )
}

function requestBody(operation: OperationSpec): ZodOpenApiRequestBodyObject | undefined {
  const body = operation.body
  if (!body) return undefined
  const content: ZodOpenApiContentObject = {}
  const notes: string[] = []
  if (body.json) {
    content['application/json'] = { schema: body.json.schema, example: body.json.example }
    notes.push(`JSON of at most ${(body.json.maxBytes ?? DEFAULT_JSON_MAX_BYTES).toLocaleString('en-US')} bytes.`)
  }
  if (body.multipart) {
    content['multipart/form-data'] = { schema: body.multipart.schema }
    notes.push(`${body.multipart.description ?? 'A form with files.'} Each file at most ${body.multipart.maxFileBytes.toLocaleString('en-US')} bytes.`)
  }
  if (body.raw) {
    content[body.raw.contentType] = { schema: { type: 'string', contentMediaType: body.raw.contentType } }
    notes.push(body.raw.description)
  }
  return { required: true, description: notes.join(' '), content }
}

function idempotencyParameter(operation: OperationSpec): oas31.ParameterObject | oas31.ReferenceObject | null {
  const mode = idempotencyMode(operation)
  if (mode === 'optional') return { $ref: '#/components/parameters/IdempotencyKey' }
  if (mode === 'required') return { ...IDEMPOTENCY_KEY_PARAMETER, required: true }
  return null
}

const IDEMPOTENCY_KEY_PARAMETER: oas31.ParameterObject = {
  name: IDEMPOTENCY_KEY_HEADER,
  in: 'header',
  required: false,
  description:
    'A key you make for this request (a UUID is a good choice). A retry with the same key and the same request gets the first answer back ' +
    '(with `Idempotent-Replayed: true`) instead of running again, for 24 hours. See "Idempotency" in the guide.',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$' },
  example: '6f1c2a9e-0b3d-4c8e-9f7a-2d5b8e1c4a30',
}

const SESSION_NOTE =
  'The app’s own pages call it too, signed in with a session cookie instead of a key (same origin only; no rate-limit headers then).'

function description(operation: OperationSpec): string | undefined {
  const session = operation.auth !== 'public' && operation.auth.session
  if (!session) return operation.description
  return operation.description ? `${operation.description}\n\n${SESSION_NOTE}` : SESSION_NOTE
}

function operationObject(operation: OperationSpec): ZodOpenApiOperationObject {
  const scope = operation.auth === 'public' ? null : operation.auth.scope
  const idempotency = idempotencyMode(operation)
  const parameter = idempotencyParameter(operation)
  const errors = errorCodesOf(operation)
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(description(operation) ? { description: description(operation) } : {}),
    tags: [operation.tag],
    security: operation.auth === 'public' ? [] : [{ [SECURITY_SCHEME]: scope ? [scope] : [] }],
    ...(scope ? { 'x-required-scope': scope } : {}),
    ...(operation.auth !== 'public' && operation.auth.session ? { 'x-session-auth': true } : {}),
    ...(idempotency ? { 'x-idempotency': idempotency } : {}),
    ...(typeof operation.idempotency === 'object' ? { 'x-idempotency-exempt-reason': operation.idempotency.exempt } : {}),
    requestParams: {
      ...(operation.params ? { path: operation.params } : {}),
      ...(operation.query ? { query: operation.query } : {}),
      ...(operation.headers ? { header: operation.headers } : {}),
    },
    ...(parameter ? { parameters: [parameter] } : {}),
    ...(operation.body ? { requestBody: requestBody(operation) } : {}),
    responses: {
      ...successResponses(operation),
      ...Object.fromEntries([...errors].map(([status, codes]) => [String(status), errorResponse(operation, status, codes)])),
    },
  }
}

const METHOD_KEYS = { GET: 'get', HEAD: 'head', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete', OPTIONS: 'options' } as const

export function buildOpenApiDocument(options: {
  operations: readonly OperationSpec[]
  info: ApiDocumentInfo
  serverUrl: string
}): OpenApiDocument {
  const tagNames = new Set(options.info.tags.map((tag) => tag.name))
  const ids = new Set<string>()
  const paths: Record<string, ZodOpenApiPathItemObject> = {}
  for (const operation of options.operations) {
    if (!tagNames.has(operation.tag)) throw new Error(`${operation.operationId}: unknown tag "${operation.tag}"`)
    if (ids.has(operation.operationId)) throw new Error(`Two operations are called ${operation.operationId}`)
    ids.add(operation.operationId)
    const item = (paths[operation.path] ??= {})
    const key = METHOD_KEYS[operation.method]
    if (item[key]) throw new Error(`${operation.method} ${operation.path} is declared twice`)
    item[key] = operationObject(operation)
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: options.info.title,
      version: options.info.version,
      description: options.info.description,
      contact: { name: `${options.info.title} reference`, url: `${options.serverUrl}/api/docs` },
    },
    servers: [{ url: options.serverUrl }],
    tags: options.info.tags.map((tag) => ({ name: tag.name, description: tag.description })),
    paths,
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'esd_live_… or esd_test_…',
          description:
            'An API key from Settings → API keys, sent as `Authorization: Bearer <key>` (never in the query string). ' +
            'Each operation names the scope it needs.',
        },
      },
      schemas: { Error: ApiErrorSchema },
      parameters: { IdempotencyKey: IDEMPOTENCY_KEY_PARAMETER },
    },
  })
}
