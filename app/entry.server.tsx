import { PassThrough } from 'node:stream'
import type {
  ActionFunctionArgs,
  AppLoadContext,
  EntryContext,
  HandleDataRequestFunction,
  LoaderFunctionArgs,
} from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { RequestInfoProvider } from '~/components/request-info'
import { logger } from '~/utils/logger.server'
import { requestIdOf, withRequestIdHeader } from '~/utils/request-context.server'
import { appSecurityHeaders, createCspNonce, isFramablePath, withSecurityHeaders } from '~/utils/security-headers.server'

export * as runtime from '~/utils/runtime.server'

const ABORT_DELAY = 5_000

export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return
  logger.error('unhandled error in a loader or action', { err: error, url: request.url, method: request.method })
}

// Our HTTP server (npm start) already sets x-request-id and the security
// headers on every response; hosts without it (Vercel) get them on pages
// (below) and on loader and action data from here. Resource routes pass
// neither hook: `resourceRoute` does it.
export const handleDataRequest: HandleDataRequestFunction = (response, { request, context }) =>
  context.requestId ? response : withSecurityHeaders(withRequestIdHeader(response, requestIdOf(request, context)))

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const requestId = requestIdOf(request, loadContext)
  // Our HTTP server has set the headers, its nonce among them; elsewhere this page makes its own.
  const nonce = loadContext.cspNonce ?? createCspNonce()
  if (!loadContext.requestId) responseHeaders.set('x-request-id', requestId)
  if (!loadContext.cspNonce) {
    for (const [name, value] of Object.entries(appSecurityHeaders({ nonce, framable: isFramablePath(new URL(request.url).pathname) }))) responseHeaders.set(name, value)
  }
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <RequestInfoProvider value={{ requestId, nonce }}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </RequestInfoProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) logger.error('error while streaming a page', { err: error, url: request.url })
        },
      },
    )
    setTimeout(abort, ABORT_DELAY)
  })
}
