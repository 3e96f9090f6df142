import http from 'node:http'
import path from 'node:path'
import type { Duplex } from 'node:stream'
import { createRequestHandler } from '@remix-run/express'
import { matchRoutes, type AgnosticRouteObject } from '@remix-run/router'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import type { TrustProxy } from '../../app/utils/trust-proxy.server.ts'
import { createLiveblocksDevProxy } from './liveblocks-dev-proxy.ts'

/** What the app bundle exports for the process (see app/utils/runtime.server.ts). */
export type AppRuntime = typeof import('../../app/utils/runtime.server.ts')

export type AppBuild = ServerBuild & { entry: { module: ServerBuild['entry']['module'] & { runtime: AppRuntime } } }

/**
 * Route patterns (e.g. `/leads/:leadId`) label HTTP metrics: one series per
 * route, not one per URL. Built from the app's own route manifest.
 */
export function routePatternMatcher(routes: ServerBuild['routes']) {
  type Node = AgnosticRouteObject & { children?: Node[] }
  const nodes = new Map<string, Node>()
  for (const route of Object.values(routes)) {
    nodes.set(route.id, { id: route.id, path: route.path, index: route.index, children: [] } as Node)
  }
  const roots: Node[] = []
  for (const route of Object.values(routes)) {
    const node = nodes.get(route.id)!
    const parent = route.parentId ? nodes.get(route.parentId) : undefined
    if (parent && !parent.index) parent.children!.push(node)
    else roots.push(node)
  }
  return (pathname: string): string => {
    const cleaned = pathname.replace(/\.data$/, '').replace(/\/_root$/, '') || '/'
    const matches = matchRoutes(roots, cleaned)
    if (!matches?.length) return 'unmatched'
    const pattern = matches
      .map((m) => m.route.path)
      .filter(Boolean)
      .join('/')
      .replace(/\/+/g, '/')
    return `/${pattern}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1')
  }
}

type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void

/** What an app does with WebSocket upgrades, which Express does not see; listen() asks here. */
const upgradeHandlers = new WeakMap<express.Express, UpgradeHandler>()

/**
 * `trustProxy` (TRUST_PROXY, parsed) decides whose X-Forwarded-For and
 * X-Forwarded-Proto count: `req.ip` becomes the client address in audit rows
 * and rate limits, `req.protocol` the scheme the app sees (and so whether
 * cookies are Secure when APP_URL is unset).
 */
export function createApp(options: { build: AppBuild; publicDir: string; trustProxy: TrustProxy }) {
  const { build } = options
  const runtime = build.entry.module.runtime
  const routePattern = routePatternMatcher(build.routes)
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy)
  app.use(compression())

  // Request id, access log and latency histogram for every request.
  app.use((req, res, next) => {
    const requestId = runtime.requestIdFrom(req.get('x-request-id'))
    res.locals.requestId = requestId
    res.setHeader('x-request-id', requestId)
    const started = process.hrtime.bigint()
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      const route = req.path.startsWith('/build/') ? '/build/*' : routePattern(req.path)
      runtime.observeHttpRequest({ method: req.method, route, status: res.statusCode }, seconds)
      runtime.runWithRequestContext({ requestId }, () =>
        runtime.logger.info('http request', {
          method: req.method,
          path: req.path,
          route,
          status: res.statusCode,
          durationMs: Math.round(seconds * 1000),
        }),
      )
    })
    next()
  })

  // The security headers of every response (pages, data, files, errors,
  // the realtime proxy), with a nonce for this one; Remix gets the nonce to
  // put on its scripts, and entry.server then adds no headers of its own.
  app.use((req, res, next) => {
    const nonce = runtime.createCspNonce()
    res.locals.cspNonce = nonce
    res.set(runtime.appSecurityHeaders({ nonce, framable: runtime.isFramablePath(req.path) }))
    next()
  })

  // The Liveblocks dev server npm start runs listens on loopback only;
  // browsers reach it through this origin (LIVEBLOCKS_DEV_PROXY).
  const devServer = runtime.liveblocksConfig()?.devServerProxyTarget
  if (devServer) {
    const proxy = createLiveblocksDevProxy({
      target: devServer,
      routePattern,
      onError: (error, path) => runtime.logger.warn('Liveblocks dev server proxy failed', { err: error, path }),
    })
    app.use(proxy.http)
    upgradeHandlers.set(app, proxy.upgrade)
  }

  // Fingerprinted assets never change; everything else in public/ may.
  app.use('/build', express.static(path.join(options.publicDir, 'build'), { immutable: true, maxAge: '1y' }))
  app.use(express.static(options.publicDir, { maxAge: '1h', index: false }))

  const remixHandler = createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({
      requestId: res.locals.requestId as string,
      clientIp: req.ip ?? null,
      cspNonce: res.locals.cspNonce as string,
    }),
  })
  app.all('*', (req, res, next) =>
    runtime.runWithRequestContext({ requestId: res.locals.requestId as string }, () => remixHandler(req, res, next)),
  )
  return app
}

export type RunningServer = { url: string; close(): Promise<void> }

export function listen(app: express.Express, options: { port: number; host: string }): Promise<RunningServer> {
  const server = http.createServer(app)
  // Longer than typical load balancer idle timeouts, so they close first.
  server.keepAliveTimeout = 65_000
  // WebSockets go to the app's upgrade handler (the Liveblocks dev server
  // proxy), else nowhere. They outlive any request, so a stop closes them at once.
  const upgrade = upgradeHandlers.get(app)
  const upgraded = new Set<Duplex>()
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!upgrade) return socket.destroy()
    upgraded.add(socket)
    socket.once('close', () => upgraded.delete(socket))
    upgrade(req, socket, head)
  })
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${options.port} is already in use. Stop whatever uses it, or start with PORT=<another port>.`))
      } else if (error.code === 'EACCES') {
        reject(new Error(`Not allowed to listen on port ${options.port}. Use a port above 1024 (PORT=3000).`))
      } else {
        reject(error)
      }
    })
    server.listen(options.port, options.host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : options.port
      resolve({
        url: `http://localhost:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeIdleConnections()
            for (const socket of upgraded) socket.destroy()
            // In-flight requests get a few seconds, then their sockets go.
            setTimeout(() => server.closeAllConnections(), 5_000).unref()
          }),
      })
    })
  })
}
