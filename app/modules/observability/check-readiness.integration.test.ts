import net from 'node:net'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { checkReadiness } from './check-readiness.server'

/** A TCP proxy to the test database that holds every new connection back for `delayMs` first. */
async function slowProxy(target: URL, delayMs: number) {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    sockets.add(client)
    client.pause()
    setTimeout(() => {
      const upstream = net.connect(Number(target.port), target.hostname, () => {
        client.pipe(upstream).pipe(client)
        client.resume()
      })
      sockets.add(upstream)
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    }, delayMs)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    url: Object.assign(new URL(target.href), { hostname: '127.0.0.1', port: String(port) }).href,
    close: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('checkReadiness', () => {
  it('is ready on a migrated database', async () => {
    expect(await checkReadiness()).toEqual({ status: 'ready', migrations: expect.any(Number) })
  })

  it('gives up on a slow database, and hands the connection that arrives late back to the pool', async () => {
    const proxy = await slowProxy(new URL(process.env.DATABASE_URL!), 300)
    const pool = new pg.Pool({ connectionString: proxy.url, max: 2 })
    cleanups.push(proxy.close, () => pool.end())

    expect(await checkReadiness({ pool, timeoutMs: 50 })).toEqual({
      status: 'not_ready',
      reason: 'database unreachable: timed out connecting to the database',
    })
    await expect.poll(() => pool.totalCount, { timeout: 5_000 }).toBe(1)
    // Released, not held: the pool can lend it again.
    await expect.poll(() => pool.idleCount, { timeout: 5_000 }).toBe(1)
  })
})
