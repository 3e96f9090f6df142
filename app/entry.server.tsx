import { PassThrough } from 'node:stream'
import type { ActionFunctionArgs, AppLoadContext, EntryContext, LoaderFunctionArgs } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { RequestInfoProvider } from '~/components/request-info'
import { logger } from '~/utils/logger.server'
import { getRequestContext, requestIdFrom } from '~/utils/request-context.server'

export * as runtime from '~/utils/runtime.server'

const ABORT_DELAY = 5_000

function requestIdFor(request: Request) {
  return getRequestContext()?.requestId ?? requestIdFrom(request.headers.get('x-request-id'))
}

export function handleError(error: unknown, { request }: LoaderFunctionArgs | ActionFunctionArgs) {
  if (request.signal.aborted) return
  logger.error('unhandled error in a loader or action', { err: error, url: request.url, method: request.method })
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const requestId = requestIdFor(request)
  // Our HTTP server (npm start) already sets the header on every response;
  // hosts without it (Vercel) get it from here.
  if (!loadContext.requestId) responseHeaders.set('x-request-id', requestId)
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <RequestInfoProvider value={{ requestId }}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />
      </RequestInfoProvider>,
      {
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
