import type { AppError } from './app-error'
import { jsonResponse } from './json-response.server'
import { rateLimitHeaders, type RateLimitResult } from './rate-limit.server'
import { getRequestContext } from './request-context.server'

/**
 * The public API's response shapes. Every error, whatever the endpoint, is
 * `{ "error": { "code", "message", "details"?, "requestId"? } }`; `code` is
 * stable and meant for programs, `message` is for people, `requestId` is the
 * `x-request-id` of the request, to quote when reporting a problem.
 */
export type ApiErrorBody = {
  error: { code: string; message: string; details?: Record<string, unknown>; requestId?: string }
}

const baseHeaders = {
  'Content-Type': 'application/json; charset=utf-8',
  // Responses carry organization data; no shared cache may keep them.
  'Cache-Control': 'no-store',
}

function apiResponse(body: unknown, status: number, ...extra: (HeadersInit | undefined)[]): Response {
  const headers = new Headers(baseHeaders)
  for (const init of extra) new Headers(init).forEach((value, name) => headers.set(name, value))
  return jsonResponse(body, { status, headers })
}

export function apiError(
  status: number,
  code: string,
  message: string,
  options: { details?: Record<string, unknown>; headers?: HeadersInit; rateLimit?: RateLimitResult } = {},
): Response {
  const requestId = getRequestContext()?.requestId
  const body: ApiErrorBody = {
    error: {
      code,
      message,
      ...(options.details ? { details: options.details } : {}),
      ...(requestId ? { requestId } : {}),
    },
  }
  return apiResponse(body, status, options.rateLimit ? rateLimitHeaders(options.rateLimit) : undefined, options.headers)
}

/** A module's expected failure as an API error (its code, status, message and details). */
export function apiErrorFromAppError(error: AppError, options: { headers?: HeadersInit; rateLimit?: RateLimitResult } = {}) {
  return apiError(error.status, error.code, error.message, { ...options, details: error.details })
}

/** A successful API response, with the caller's `RateLimit-*` headers. */
export function apiJson(
  auth: { rateLimit: RateLimitResult },
  body: unknown,
  init: { status?: number; headers?: HeadersInit } = {},
): Response {
  return apiResponse(body, init.status ?? 200, rateLimitHeaders(auth.rateLimit), init.headers)
}

export function methodNotAllowed(allowed: readonly string[]): Response {
  return apiError(405, 'method_not_allowed', `Use ${allowed.join(' or ')} for this endpoint.`, {
    headers: { Allow: allowed.join(', ') },
  })
}
