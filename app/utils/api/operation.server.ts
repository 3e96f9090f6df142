import type { AppLoadContext } from '@remix-run/node'
import type { z } from 'zod'
import type { ApiScope } from '~/modules/integrations/api-key-scopes'
import type { ApiAuth } from '../api-auth.server'

/**
 * One `/api/v1` operation, declared once: the route validates its input with
 * these schemas and the OpenAPI document is generated from them
 * (docs/decisions/020). Declarations live in app/api/ and are listed in
 * app/api/operations.server.ts; a route file builds its loader and action
 * from them with `apiRoute(handle(operation, fn), …)`.
 */

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS'

/** Authenticates a cookie request of the app's own pages to an operation that also takes them. */
export type SessionAuthenticator = (request: Request, context: AppLoadContext) => Promise<unknown>

export type ResponseHeaderSpec = { description: string; schema: z.ZodType; required?: boolean }

export type ResponseSpec = {
  description: string
  /** The JSON body; omit it for a response without one (204, or headers only). */
  body?: z.ZodType
  /** The body's example, shown in the reference (a test checks it against `body`). */
  example?: unknown
  /** Headers this response carries besides the ones every response has (request id, rate limit). */
  headers?: Record<string, ResponseHeaderSpec>
}

export type JsonBodySpec = {
  schema: z.ZodType
  example: unknown
  /** Larger bodies are refused with 413 before they are parsed (default 1 MiB). */
  maxBytes?: number
}

export type MultipartBodySpec = {
  /** Text fields and `apiFile()` fields. */
  schema: z.ZodObject
  /** Each file streams to disk and is refused past this size (413). */
  maxFileBytes: number
  description?: string
}

/**
 * A body the framework does not read: the handler gets the untouched request
 * stream (a tus PATCH of file bytes, say). Only documented.
 */
export type RawBodySpec = { contentType: string; description: string }

export type BodySpec = { json?: JsonBodySpec; multipart?: MultipartBodySpec; raw?: RawBodySpec }

/**
 * What an `Idempotency-Key` means for a POST: `optional` (the default: sent,
 * it is honoured), `required` (400 without one), or exempt, with the reason
 * the reference shows (only where a replay cannot work, e.g. a streamed body).
 */
export type IdempotencySpec = 'optional' | 'required' | { exempt: string }

export type OperationSpec = {
  /** Unique, camelCase: the name SDKs give the call. */
  operationId: string
  method: HttpMethod
  /** The OpenAPI path, e.g. `/api/v1/imports/{id}`. */
  path: `/api/v1/${string}`
  summary: string
  /** Markdown: what it does, when to use it, what it changes. */
  description?: string
  /** A tag of app/api/tags.ts (the reference groups by it). */
  tag: string
  /**
   * Any valid key (`scope: null`), a key holding `scope`, or no key at all
   * (`'public'`). With `session`, a request without an `Authorization` header
   * is authenticated by it instead (the app's own pages calling with the
   * session cookie, e.g. the browser uploader); it throws the API's JSON
   * error when it refuses, and its result is the handler's `session`.
   */
  auth: { scope: ApiScope | null; session?: SessionAuthenticator } | 'public'
  params?: z.ZodObject
  query?: z.ZodObject
  /** Request headers, by their canonical names (`Upload-Offset`); matched case-insensitively. */
  headers?: z.ZodObject
  body?: BodySpec
  /** The answers of a request that did what it was asked, by status. */
  responses: Record<number, ResponseSpec>
  /** Error codes this operation's own module answers with, by status, each with when (e.g. `{ 404: { import_not_found: 'no such import' } }`). */
  errors?: Record<number, Record<string, string>>
  /** POST only. */
  idempotency?: IdempotencySpec
}

type OutputOf<T> = T extends z.ZodType ? z.output<T> : Record<string, never>

type JsonInput<S extends OperationSpec> = S['body'] extends { json: { schema: infer Z extends z.ZodType } }
  ? { type: 'json'; data: z.output<Z> }
  : never
type MultipartInput<S extends OperationSpec> = S['body'] extends { multipart: { schema: infer Z extends z.ZodType } }
  ? { type: 'multipart'; data: z.output<Z> }
  : never
type BodyInput<S extends OperationSpec> = [JsonInput<S> | MultipartInput<S>] extends [never] ? undefined : JsonInput<S> | MultipartInput<S>

export type HandlerArgs<S extends OperationSpec> = {
  /** For headers the operation did not declare, and a raw body's stream. */
  request: Request
  context: AppLoadContext
  /** The calling key; null for public operations, and for a session request to one that takes them. */
  auth: S['auth'] extends 'public' ? null : S['auth'] extends { session: SessionAuthenticator } ? ApiAuth | null : ApiAuth
  /** What `auth.session` returned for a request without a key; null otherwise. */
  session: S['auth'] extends { session: (...args: never[]) => Promise<infer U> } ? U | null : null
  params: OutputOf<S['params']>
  query: OutputOf<S['query']>
  headers: OutputOf<S['headers']>
  /** The parsed body, by the media type it came in; undefined without a declared JSON or multipart body. */
  body: BodyInput<S>
  /** The `Idempotency-Key` this request holds, if any (a module may use it for its own deduplication). */
  idempotencyKey: string | null
}

type ResultFor<R, Status> = R extends { body: infer B extends z.ZodType }
  ? { status: Status; body: z.input<B>; headers?: Record<string, string> }
  : { status: Status; body?: undefined; headers?: Record<string, string> }

/** What a handler answers: one of its declared responses (the framework adds the common headers). */
export type ApiResult<S extends OperationSpec> = {
  [K in keyof S['responses']]: ResultFor<S['responses'][K], K extends `${infer N extends number}` ? N : K>
}[keyof S['responses']]

/** A handler bound to its operation (`handle` or `handleWithResponse`). */
export type OperationHandler = {
  operation: OperationSpec
  run: (args: HandlerArgs<OperationSpec>) => Promise<{ status: number; body?: unknown; headers?: Record<string, string> } | Response>
}

const PATH_PARAM = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g

/** The `{name}`s of an OpenAPI path. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(PATH_PARAM)].map((match) => match[1]!)
}

/**
 * Checks a declaration where a mistake would otherwise surface only as a
 * wrong document or a confusing runtime error, and returns it as is.
 */
export function defineOperation<const S extends OperationSpec>(spec: S): S {
  const problems: string[] = []
  if (!/^[a-z][A-Za-z0-9]*$/.test(spec.operationId)) problems.push('operationId must be camelCase')
  const declared = Object.keys(spec.params?.shape ?? {}).sort()
  const inPath = pathParamNames(spec.path).sort()
  if (declared.join() !== inPath.join()) problems.push(`params (${declared.join(', ')}) must name the path's {parameters} (${inPath.join(', ')})`)
  const statuses = Object.keys(spec.responses).map(Number)
  if (statuses.length === 0 || statuses.some((status) => status < 100 || status > 399)) {
    problems.push('responses holds the successful answers (1xx–3xx); errors go in `errors`')
  }
  if (spec.idempotency && spec.method !== 'POST') problems.push('idempotency applies to POST only')
  if (spec.method === 'POST' && spec.body?.raw && typeof spec.idempotency !== 'object') {
    problems.push('a POST with a raw body cannot be replayed: declare idempotency: { exempt: "why" }')
  }
  if (spec.method === 'POST' && spec.auth === 'public' && typeof spec.idempotency !== 'object') {
    problems.push('a public POST has no API key to hold an Idempotency-Key: declare idempotency: { exempt: "why" }')
  }
  if ((spec.method === 'GET' || spec.method === 'HEAD') && spec.body) problems.push(`${spec.method} takes no body`)
  if (problems.length > 0) throw new Error(`Operation ${spec.operationId}: ${problems.join('; ')}.`)
  return spec
}

/** Binds a handler to its operation, typed by the declaration. */
export function handle<const S extends OperationSpec>(
  operation: S,
  run: (args: HandlerArgs<NoInfer<S>>) => Promise<ApiResult<NoInfer<S>>>,
): OperationHandler {
  return { operation, run: run as unknown as OperationHandler['run'] }
}

/**
 * Binds a handler that makes its own Response (a raw-body endpoint that hands
 * the request to a protocol library, e.g. tus). Authentication, input
 * validation and the error shape still come from the framework; the tests
 * validate what it answers against the document like any other response.
 */
export function handleWithResponse<const S extends OperationSpec>(
  operation: S,
  run: (args: HandlerArgs<NoInfer<S>>) => Promise<Response>,
): OperationHandler {
  return { operation, run: run as unknown as OperationHandler['run'] }
}
