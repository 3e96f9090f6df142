import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import type { AppLoadContext } from '@remix-run/node'
import { withMissingHeaders } from './with-missing-headers.server'

export type RequestContext = {
  requestId: string
  /** Set for job runs so their logs and audit rows point back to the run. */
  jobRunId?: string
}

const storage = new AsyncLocalStorage<RequestContext>()

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn)
}

export function getRequestContext(): RequestContext | undefined {
  return storage.getStore()
}

const acceptableRequestId = /^[A-Za-z0-9._:-]{8,128}$/

function saneRequestId(value: string | null | undefined): string | undefined {
  return value && acceptableRequestId.test(value) ? value : undefined
}

/** Reuse a caller's `x-request-id` when it is sane, otherwise mint one. */
export function requestIdFrom(headerValue: string | null | undefined): string {
  return saneRequestId(headerValue) ?? randomUUID()
}

const mintedFor = new WeakMap<Request, string>()

/**
 * The id of the request being handled. Our HTTP server (npm start) puts it
 * in the load context and the async context. A host that runs the build
 * without our server (Vercel's Remix handler) sets neither, so there it
 * comes from the request's own headers: the caller's `x-request-id`, else
 * the host's `x-vercel-id`. Remix copies headers into every Request it
 * derives for loaders and actions, so they, their audit rows and the
 * response all name the same id.
 */
export function requestIdOf(request: Request, context?: AppLoadContext): string {
  const known =
    context?.requestId ??
    getRequestContext()?.requestId ??
    saneRequestId(request.headers.get('x-request-id')) ??
    saneRequestId(request.headers.get('x-vercel-id'))
  if (known) return known
  let minted = mintedFor.get(request)
  if (!minted) mintedFor.set(request, (minted = randomUUID()))
  return minted
}

/** The response with an `x-request-id` header, unless it already names one. */
export function withRequestIdHeader(response: Response, requestId: string): Response {
  return withMissingHeaders(response, { 'x-request-id': requestId })
}
