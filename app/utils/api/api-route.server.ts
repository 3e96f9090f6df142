import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import { requireApiKey, type ApiAuth } from '../api-auth.server'
import { apiError, apiErrorFromAppError, methodNotAllowed } from '../api-response.server'
import { AppError, isAppError } from '../app-error'
import { jsonResponse } from '../json-response.server'
import { logger } from '../logger.server'
import { rateLimitHeaders } from '../rate-limit.server'
import { resourceRoute } from '../resource-route.server'
import { IDEMPOTENCY_ERRORS, INTERNAL_ERROR } from './error-codes'
import { idempotencyKeyOf, IN_PROGRESS_RETRY_AFTER_SECONDS } from './idempotency-key'
import { claimIdempotencyKey, completeIdempotencyKey, isReplayable, releaseIdempotencyKey, type StoredResponse } from './idempotency.server'
import type { HttpMethod, OperationHandler, OperationSpec } from './operation.server'
import { readOperationInput } from './request-input.server'
import { withMissingHeaders } from '../with-missing-headers.server'

/**
 * Builds a route's loader and action from its operations: the one way an
 * `/api/v1` route answers. For each request: the operation of its method
 * (405 otherwise), the API key and scope, the input validated against the
 * declaration, the `Idempotency-Key` of a POST, then the handler. Every
 * answer, errors included, is JSON in the API's error shape with the
 * caller's rate-limit headers; a fault is a logged 500, never an HTML page.
 */

type RouteArgs = LoaderFunctionArgs | ActionFunctionArgs

export type ApiRouteFunction = ((args: RouteArgs) => Promise<Response>) & {
  /** The operations this route serves, for the spec-coverage test. */
  readonly apiOperations: readonly OperationSpec[]
}

const NO_STORE = { 'Cache-Control': 'no-store' }

function commonHeaders(auth: ApiAuth | null): Record<string, string> {
  return { ...NO_STORE, ...(auth ? rateLimitHeaders(auth.rateLimit) : {}) }
}

function toResponse(result: { status: number; body?: unknown; headers?: Record<string, string> }, auth: ApiAuth | null): Response {
  const headers = new Headers(commonHeaders(auth))
  for (const [name, value] of Object.entries(result.headers ?? {})) headers.set(name, value)
  if (result.body === undefined) return new Response(null, { status: result.status, headers })
  return jsonResponse(result.body, { status: result.status, headers })
}

/** A handler's own Response, with the headers every answer carries that it lacks. */
function withCommonHeaders(response: Response, auth: ApiAuth | null): Response {
  return withMissingHeaders(response, commonHeaders(auth))
}

/** The part of a response an idempotency key keeps: status, body and the handler's own headers. */
async function storable(response: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {}
  const kept = /^(content-type|location|content-location|link|etag|last-modified|tus-resumable|upload-.+)$/i
  response.headers.forEach((value, name) => {
    if (kept.test(name)) headers[name] = value
  })
  const body = await response.clone().text()
  return { status: response.status, headers, body: body === '' ? null : body }
}

function replay(stored: StoredResponse, auth: ApiAuth | null): Response {
  const headers = new Headers(commonHeaders(auth))
  for (const [name, value] of Object.entries(stored.headers)) headers.set(name, value)
  headers.set('Idempotent-Replayed', 'true')
  return new Response(stored.body, { status: stored.status, headers })
}

async function execute(
  handler: OperationHandler,
  args: Parameters<OperationHandler['run']>[0],
): Promise<{ response: Response; fault: boolean }> {
  try {
    const result = await handler.run(args)
    return { response: result instanceof Response ? withCommonHeaders(result, args.auth) : toResponse(result, args.auth), fault: false }
  } catch (error) {
    if (isAppError(error)) return { response: apiErrorFromAppError(error, { rateLimit: args.auth?.rateLimit }), fault: false }
    if (error instanceof Response) return { response: withCommonHeaders(error, args.auth), fault: false }
    logger.error('unhandled error in an API operation', { err: error, operationId: handler.operation.operationId })
    return { response: internalError(args.auth), fault: true }
  }
}

function internalError(auth: ApiAuth | null): Response {
  return apiError(500, INTERNAL_ERROR.code, 'Something went wrong on our side. Try again; if it keeps happening, quote the request id.', {
    rateLimit: auth?.rateLimit,
  })
}

async function runOperation(handler: OperationHandler, { request, params, context }: { request: Request; params: RouteArgs['params']; context: AppLoadContext }): Promise<Response> {
  const operation = handler.operation
  let auth: ApiAuth | null = null
  let session: unknown = null
  try {
    if (operation.auth !== 'public') {
      if (operation.auth.session && !request.headers.has('authorization')) session = await operation.auth.session(request, context)
      else auth = await requireApiKey(request, operation.auth.scope, context)
    }

    const exempt = typeof operation.idempotency === 'object'
    const key = operation.method === 'POST' && !exempt ? idempotencyKeyOf(request) : null
    if (operation.method === 'POST' && operation.idempotency === 'required' && !key) {
      throw new AppError(IDEMPOTENCY_ERRORS.required.code, 'This endpoint needs an Idempotency-Key header (a UUID you make for this request).', 400)
    }

    const input = await readOperationInput(operation, request, params)
    try {
      const args = { request, context, auth, session, ...input, idempotencyKey: key } as Parameters<OperationHandler['run']>[0]
      if (!key || !auth) return (await execute(handler, args)).response

      const claim = await claimIdempotencyKey({ apiKeyId: auth.apiKey.id, key, operationId: operation.operationId, requestHash: input.fingerprint })
      if (claim.outcome === 'replay') return replay(claim.response, auth)
      if (claim.outcome === 'mismatch') {
        return apiError(422, IDEMPOTENCY_ERRORS.reused.code, 'This Idempotency-Key was already used for a different request. Use a new key for a new request.', {
          rateLimit: auth.rateLimit,
        })
      }
      if (claim.outcome === 'in_progress') {
        return apiError(409, IDEMPOTENCY_ERRORS.inProgress.code, 'A request with this Idempotency-Key is still running. Retry it shortly to get its response.', {
          rateLimit: auth.rateLimit,
          headers: { 'Retry-After': String(IN_PROGRESS_RETRY_AFTER_SECONDS) },
        })
      }
      const { response, fault } = await execute(handler, args)
      try {
        if (!fault && isReplayable(response.status)) {
          const kept = await completeIdempotencyKey({ id: claim.id, lockToken: claim.lockToken, response: await storable(response) })
          if (!kept) logger.warn('an idempotent request outlived its lease; its response was not stored', { operationId: operation.operationId })
        } else {
          await releaseIdempotencyKey(claim)
        }
      } catch (error) {
        // The change is made and answered; a retry finds the key in progress until its lease ends.
        logger.error('could not record the response of an idempotent request', { err: error, operationId: operation.operationId })
      }
      return response
    } finally {
      await input.cleanup()
    }
  } catch (error) {
    if (error instanceof Response) return error
    if (isAppError(error)) return apiErrorFromAppError(error, { rateLimit: auth?.rateLimit })
    logger.error('unhandled error in an API operation', { err: error, operationId: operation.operationId })
    return internalError(auth)
  }
}

/**
 * The loader and action of an `/api/v1` route, from its operations (one per
 * method, all on the route's path). GET also answers HEAD.
 */
export function apiRoute(...handlers: OperationHandler[]): { loader: ApiRouteFunction; action: ApiRouteFunction } {
  const byMethod = new Map<HttpMethod, OperationHandler>()
  for (const handler of handlers) {
    const { method, path, operationId } = handler.operation
    if (byMethod.has(method)) throw new Error(`${path} declares ${method} twice (${operationId}).`)
    if (path !== handlers[0]!.operation.path) throw new Error(`One route serves one path: ${operationId} is on ${path}, not ${handlers[0]!.operation.path}.`)
    byMethod.set(method, handler)
  }
  const allowed = [...byMethod.keys()]
  if (byMethod.has('GET') && !byMethod.has('HEAD')) allowed.splice(allowed.indexOf('GET') + 1, 0, 'HEAD')

  const serve = resourceRoute(async ({ request, params, context }: RouteArgs) => {
    const method = request.method.toUpperCase() as HttpMethod
    const handler = byMethod.get(method) ?? (method === 'HEAD' ? byMethod.get('GET') : undefined)
    if (!handler) return methodNotAllowed(allowed)
    return runOperation(handler, { request, params, context })
  })
  const route = Object.assign(serve, { apiOperations: handlers.map((handler) => handler.operation) })
  return { loader: route, action: route }
}
