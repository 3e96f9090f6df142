import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSignInLink } from '~/modules/auth/create-sign-in-link.server'
import { prisma } from '~/utils/db.server'
import { findFreePort } from '../../scripts/lib/ports'
import { createUser } from '../support/factories'

/**
 * Whose word counts for the client's address and scheme, through the real
 * HTTP server (`createApp`, serving the production build on this file's
 * database) under each form of TRUST_PROXY. The recovery form is the
 * rate-limited door: 10 requests per client in 15 minutes, each for a new
 * address so the per-account limit never answers first.
 */

const root = path.resolve(import.meta.dirname, '../..')

type Server = { url: string }
/** Every process this file starts, stopped when it is done. */
const children: ChildProcess[] = []

function spawnTracked(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, APP_ENV: 'development', APP_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, output: () => output, exited }
}

let direct: Server
let oneProxy: Server
let proxySubnets: Server

beforeAll(async () => {
  if (!existsSync(path.join(root, 'build/index.js'))) {
    throw new Error('No build: `npm test` builds first; alone, run `npm run build` before this test.')
  }
  // One process, one server per TRUST_PROXY value: unset, one hop, proxy subnets.
  const values = ['', '1', '127.0.0.0/8, ::1']
  const servers = spawnTracked(['tests/support/app-servers.ts', ...values])
  const ports = new Map<number, string>()
  const deadline = Date.now() + 60_000
  while (ports.size < values.length) {
    for (const [, index, port] of servers.output().matchAll(/listening (\d+) (\d+)/g)) ports.set(Number(index), port!)
    if (servers.child.exitCode !== null) throw new Error(`the servers exited (${servers.child.exitCode}):\n${servers.output()}`)
    if (Date.now() > deadline) throw new Error(`the servers did not start:\n${servers.output()}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const at = (index: number) => ({ url: `http://127.0.0.1:${ports.get(index)}` })
  direct = at(0)
  oneProxy = at(1)
  proxySubnets = at(2)
}, 120_000)

afterAll(async () => {
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGTERM')
        }),
    ),
  )
})

const randomOctet = () => 1 + (randomBytes(1)[0]! % 254)
const randomIpv4 = () => `203.0.113.${randomOctet()}`
const randomHextet = () => randomBytes(2).toString('hex')

/** Asks for a recovery link (for a fresh address) with this X-Forwarded-For; the answer's status. */
async function askForRecoveryLink(server: Server, forwardedFor?: string) {
  const response = await fetch(`${server.url}/recover?index`, {
    method: 'POST',
    body: new URLSearchParams({ intent: 'link', email: `someone-${randomBytes(4).toString('hex')}@example.test` }),
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    redirect: 'manual',
  })
  await response.arrayBuffer()
  return response.status
}

/** Eleven requests from one client: the limit (10) lets ten through and refuses the eleventh. */
async function elevenRequests(server: Server, forwardedFor: (i: number) => string) {
  const statuses: number[] = []
  for (let i = 0; i < 11; i++) statuses.push(await askForRecoveryLink(server, forwardedFor(i)))
  return statuses
}

const LIMITED = [...Array<number>(10).fill(200), 429]

describe('TRUST_PROXY', () => {
  it('refuses "true" when `npm start` starts, saying what to set instead', async () => {
    const app = spawnTracked(['scripts/start.ts'], { PORT: String(await findFreePort()), TRUST_PROXY: 'true', LIVEBLOCKS_BASE_URL: 'http://127.0.0.1:9' })
    expect(await app.exited).toBe(1)
    expect(app.output()).toContain('TRUST_PROXY: "true" would trust any X-Forwarded-For a client sends')
    expect(app.output()).toContain('Set the number of proxies in front of the app (e.g. 1)')
  })
})

describe('with no trusted proxy', () => {
  it('ignores X-Forwarded-For: one client is one bucket, however the header rotates', async () => {
    expect(await elevenRequests(direct, () => `${randomIpv4()}, ${randomIpv4()}`)).toEqual(LIMITED)
    expect(await prisma.rateLimitBucket.findUnique({ where: { key: 'recovery:ip:127.0.0.1' }, select: { count: true } })).toEqual({ count: 11 })
  })

  it('ignores X-Forwarded-Proto: a session cookie set over plain http is not Secure', async () => {
    const { setCookie, auditIp } = await signInWithLink(direct, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.20' })
    expect(setCookie).toMatch(/^esd_session=/)
    expect(setCookie).not.toMatch(/; Secure/)
    expect(auditIp).toBe('127.0.0.1')
  })
})

describe('behind one proxy (TRUST_PROXY=1)', () => {
  it('counts the address the proxy appended; a rotating left-most entry cannot escape the limit', async () => {
    expect(await elevenRequests(oneProxy, () => `${randomIpv4()}, 198.51.100.7`)).toEqual(LIMITED)
    // Another client behind the same proxy has its own budget.
    expect(await askForRecoveryLink(oneProxy, `${randomIpv4()}, 198.51.100.8`)).toBe(200)
  })

  it('counts an IPv6 client by its /64, so rotating through its own addresses does not help either', async () => {
    const statuses = await elevenRequests(oneProxy, (i) => `${randomIpv4()}, 2001:db8:7:7:${randomHextet()}:${randomHextet()}::${i + 1}`)
    expect(statuses).toEqual(LIMITED)
    expect(await askForRecoveryLink(oneProxy, `${randomIpv4()}, 2001:db8:7:8::1`)).toBe(200)
    expect(await prisma.rateLimitBucket.findUnique({ where: { key: 'recovery:ip:2001:db8:7:7::/64' }, select: { count: true } })).toEqual({
      count: 11,
    })
  })

  it('takes the scheme and the client address from the proxy: Secure __Host- cookie, audited address', async () => {
    const { setCookie, auditIp } = await signInWithLink(oneProxy, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.5, 198.51.100.21' })
    expect(setCookie).toMatch(/^__Host-esd_session=/)
    expect(setCookie).toMatch(/; Secure/)
    expect(auditIp).toBe('198.51.100.21')
  })
})

describe('behind proxies named by subnet (TRUST_PROXY=127.0.0.0/8, ::1)', () => {
  it('counts the first address outside those subnets; a rotating left-most entry cannot escape the limit', async () => {
    expect(await elevenRequests(proxySubnets, () => `${randomIpv4()}, 198.51.100.9`)).toEqual(LIMITED)
    expect(await askForRecoveryLink(proxySubnets, `${randomIpv4()}, 198.51.100.10`)).toBe(200)
  })
})

/** Signs a fresh user in with a one-time link through `server`; its Set-Cookie and the audit row's address. */
async function signInWithLink(server: Server, headers: Record<string, string>) {
  const user = await createUser()
  const { url } = await createSignInLink({ userId: user.id, baseUrl: server.url })
  const response = await fetch(`${server.url}/signin/link`, {
    method: 'POST',
    body: new URLSearchParams({ token: new URL(url).searchParams.get('token')! }),
    headers,
    redirect: 'manual',
  })
  expect(response.status).toBe(302)
  const audit = await prisma.auditLog.findFirstOrThrow({ where: { actorId: user.id, action: 'session.signed_in' } })
  return { setCookie: response.headers.get('set-cookie') ?? '', auditIp: audit.ip }
}
