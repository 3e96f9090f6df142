import type { AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'
import { getRequestContext, requestIdOf, runWithRequestContext, withRequestIdHeader } from './request-context.server'
import { withSecurityHeaders } from './security-headers.server'

type RouteArgs = { request: Request; context: AppLoadContext }

function tagged<T>(value: T, requestId: string): T {
  return value instanceof Response ? (withSecurityHeaders(withRequestIdHeader(value, requestId)) as T) : value
}

/**
 * Wraps the loader or action of a resource route (one with no page: the
 * API, health checks, passkey endpoints). Remix's entry hooks never see
 * these responses, so on a host without our HTTP server (Vercel) this is
 * where the request gets its async context (for logs, audit rows and API
 * error bodies) and its response the `x-request-id` and security headers,
 * returned or thrown. Under our server, which has done all that already,
 * it only calls the handler.
 */
export function resourceRoute<Args extends RouteArgs = LoaderFunctionArgs, Result = unknown>(handler: (args: Args) => Result | Promise<Result>) {
  return async (args: Args): Promise<Result> => {
    if (getRequestContext()) return handler(args)
    const requestId = requestIdOf(args.request, args.context)
    return runWithRequestContext({ requestId }, async () => {
      try {
        return tagged(await handler(args), requestId)
      } catch (error) {
        throw tagged(error, requestId)
      }
    })
  }
}
