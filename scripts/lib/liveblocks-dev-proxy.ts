import { ServerResponse, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { RequestHandler } from 'express'
import { createProxyServer } from 'httpxy'

/**
 * Every URL the browser's Liveblocks client derives from its `baseUrl`
 * (@liveblocks/core: the room and AI sockets replace the whole path of a
 * ws(s) URL; its HTTP client makes only `/v2/c/…` requests). Only the
 * origin of `baseUrl` counts, so the client cannot be served under a path
 * prefix: these exact paths are proxied at the app's root.
 */
export const LIVEBLOCKS_SOCKET_PATHS = ['/v8', '/ai/v7'] as const
export const LIVEBLOCKS_HTTP_PREFIX = '/v2/c/'

export type LiveblocksDevProxy = {
  /** Express middleware: `/v2/c/…` to the dev server, anything else on. */
  http: RequestHandler
  /** For the HTTP server's `upgrade` event: the Liveblocks sockets to the dev server; any other upgrade is refused. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
}

/**
 * Forwards the browser's realtime connections (HTTP and WebSocket) from the
 * app's own origin to the Liveblocks dev server, which listens on loopback
 * only: a phone on the network reaches the app, never that port.
 * `routePattern` is the app's route matcher; a route on one of these paths
 * would be hidden by the proxy, so that is refused outright.
 */
export function createLiveblocksDevProxy(options: {
  target: string
  routePattern: (pathname: string) => string
  onError?: (error: Error, path: string) => void
}): LiveblocksDevProxy {
  const shadowed = [...LIVEBLOCKS_SOCKET_PATHS, `${LIVEBLOCKS_HTTP_PREFIX}rooms`].filter(
    (path) => options.routePattern(path) !== 'unmatched',
  )
  if (shadowed.length > 0) {
    throw new Error(
      `The Liveblocks dev server proxy would hide the app's route(s) at ${shadowed.join(', ')}. ` +
        'Move the route, or set LIVEBLOCKS_DEV_PROXY=0.',
    )
  }

  const proxy = createProxyServer({ target: options.target, changeOrigin: true })
  // Our session cookie is none of the dev server's business.
  proxy.on('proxyReq', (proxyReq) => proxyReq.removeHeader('cookie'))
  proxy.on('proxyReqWs', (proxyReq) => proxyReq.removeHeader('cookie'))
  proxy.on('error', (error, req, res) => {
    options.onError?.(error, req?.url ?? '')
    if (res instanceof ServerResponse) {
      if (res.headersSent) res.destroy()
      else res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' }).end('The Liveblocks dev server did not answer.')
    } else {
      res?.destroy()
    }
  })

  return {
    http: (req, res, next) => {
      if (!req.path.startsWith(LIVEBLOCKS_HTTP_PREFIX)) return next()
      void proxy.web(req, res)
    },
    upgrade: (req, socket, head) => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname
      if (!(LIVEBLOCKS_SOCKET_PATHS as readonly string[]).includes(pathname)) {
        socket.destroy()
        return
      }
      // An `upgrade` event's socket is a net.Socket; Node types it as its Duplex parent.
      void proxy.ws(req, socket as Socket, {}, head)
    },
  }
}
