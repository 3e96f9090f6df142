import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRoutes } from '../../tests/support/app-routes'
import { routePatternMatcher } from './http-server'
import { createLiveblocksDevProxy, LIVEBLOCKS_SOCKET_PATHS } from './liveblocks-dev-proxy'

type Seen = { method: string; url: string; cookie?: string; upgrade?: string }

/** A stand-in for the dev server: answers HTTP, accepts WebSocket upgrades and echoes what comes after. */
function startUpstream() {
  const seen: Seen[] = []
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method!, url: req.url!, cookie: req.headers.cookie })
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ from: 'dev server' }))
  })
  server.on('upgrade', (req, socket) => {
    seen.push({ method: req.method!, url: req.url!, cookie: req.headers.cookie, upgrade: req.headers.upgrade })
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')
    socket.on('data', (chunk) => socket.write(`echo:${chunk}`))
  })
  return { seen, server }
}

function listen(server: http.Server) {
  return new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)))
}

/** Opens an upgrade request; resolves with the first bytes after the 101, or with how it ended. */
function upgrade(base: string, path: string): Promise<{ status: number | 'closed'; echoed?: string }> {
  return new Promise((resolve) => {
    const req = http.request(`${base}${path}`, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', Cookie: 'esd_session=secret-session' },
    })
    req.on('upgrade', (res, socket) => {
      socket.once('data', (chunk) => {
        resolve({ status: res.statusCode!, echoed: chunk.toString() })
        socket.destroy()
      })
      socket.write('hello')
    })
    req.on('response', (res) => resolve({ status: res.statusCode! }))
    req.on('error', () => resolve({ status: 'closed' }))
    req.end()
  })
}

const upstream = startUpstream()
const app = express()
const front = http.createServer(app)
let base: string

beforeAll(async () => {
  const target = await listen(upstream.server)
  const proxy = createLiveblocksDevProxy({ target, routePattern: () => 'unmatched' })
  app.use(proxy.http)
  app.use((_req, res) => void res.status(404).send('the app'))
  front.on('upgrade', proxy.upgrade)
  base = await listen(front)
})

afterAll(() => {
  front.closeAllConnections()
  front.close()
  upstream.server.closeAllConnections()
  upstream.server.close()
})

describe('the Liveblocks dev server proxy', () => {
  it('forwards the client’s HTTP requests (/v2/c/…), without our cookies', async () => {
    const response = await fetch(`${base}/v2/c/rooms/org%3Ax/threads?cursor=1`, { headers: { cookie: 'esd_session=secret-session' } })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ from: 'dev server' })
    expect(upstream.seen.at(-1)).toEqual({ method: 'GET', url: '/v2/c/rooms/org%3Ax/threads?cursor=1', cookie: undefined })
  })

  it('leaves every other path to the app', async () => {
    const before = upstream.seen.length
    for (const path of ['/dashboard', '/v2/other', '/v8']) {
      const response = await fetch(`${base}${path}`)
      expect({ path, body: await response.text() }).toEqual({ path, body: 'the app' })
    }
    expect(upstream.seen).toHaveLength(before)
  })

  it.each(LIVEBLOCKS_SOCKET_PATHS)('carries the WebSocket at %s both ways, without our cookies', async (path) => {
    const result = await upgrade(base, `${path}?roomId=org%3Ax&tok=t0k&version=3`)
    expect(result).toEqual({ status: 101, echoed: 'echo:hello' })
    expect(upstream.seen.at(-1)).toEqual({ method: 'GET', url: `${path}?roomId=org%3Ax&tok=t0k&version=3`, cookie: undefined, upgrade: 'websocket' })
  })

  it('refuses any other WebSocket', async () => {
    const before = upstream.seen.length
    expect(await upgrade(base, '/socket')).toEqual({ status: 'closed' })
    expect(upstream.seen).toHaveLength(before)
  })

  it('answers 502 when the dev server is gone', async () => {
    const dead = http.createServer()
    const target = await listen(dead)
    dead.close()
    const proxy = createLiveblocksDevProxy({ target, routePattern: () => 'unmatched', onError: () => {} })
    const lonely = http.createServer(express().use(proxy.http))
    const lonelyBase = await listen(lonely)
    try {
      expect((await fetch(`${lonelyBase}/v2/c/rooms`)).status).toBe(502)
    } finally {
      lonely.close()
    }
  })
})

describe('the paths it takes', () => {
  it('hide no route of the app', () => {
    const routePattern = routePatternMatcher(Object.fromEntries(appRoutes().map((route) => [route.id, { ...route, module: {} }])) as unknown as Parameters<typeof routePatternMatcher>[0])
    expect(routePattern('/signin')).toBe('/signin')
    expect(() => createLiveblocksDevProxy({ target: 'http://127.0.0.1:1', routePattern })).not.toThrow()
  })

  it('are refused when a route would be hidden, naming it', () => {
    const routePattern = (path: string) => (path === '/v8' ? '/v8' : 'unmatched')
    expect(() => createLiveblocksDevProxy({ target: 'http://127.0.0.1:1', routePattern })).toThrow(/hide the app's route\(s\) at \/v8\b/)
  })
})
