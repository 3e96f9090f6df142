import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSignInLink } from '~/modules/auth/create-sign-in-link.server'
import { createApiKey } from '~/modules/integrations/create-api-key.server'
import { prisma } from '~/utils/db.server'
import { httpApiClient } from '../support/api-client'
import { createUser, sessionCookieFor, steppedUpSessionFor } from '../support/factories'

/**
 * On Vercel the build runs under Vercel's Remix handler, not our HTTP server
 * (scripts/lib/http-server.ts): entry.server's hooks and `resourceRoute`
 * must give every response and every audit row the request id, and every
 * response the security headers (static files get theirs from vercel.json:
 * tests/vercel-json.test.ts).
 */

/** As on Vercel in production: an https URL and Liveblocks itself. */
const deployment = { APP_URL: 'https://app.esd.quest', LIVEBLOCKS_SECRET_KEY: 'sk_test_vercel_0000' }

function expectSecurityHeaders(response: { headers: Headers }, what: string) {
  const headers = Object.fromEntries(response.headers)
  expect({ what, headers }).toMatchObject({
    what,
    headers: {
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'permissions-policy': expect.stringContaining('camera=()'),
      'strict-transport-security': 'max-age=63072000; includeSubDomains',
    },
  })
  expect(headers['content-security-policy'], what).toContain("connect-src 'self' https://api.liveblocks.io wss://api.liveblocks.io;")
}

const root = path.resolve(import.meta.dirname, '../..')
let child: ChildProcess
let baseUrl: string

beforeAll(async () => {
  if (!existsSync(path.join(root, 'build/index.js'))) {
    throw new Error('No build: `npm test` builds first; alone, run `npm run build` before this test.')
  }
  child = spawn(process.execPath, ['tests/support/vercel-function.mjs', 'build/index.js'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent', VERCEL: '1', ...deployment },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = chunk.toString().match(/listening (\d+)/)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`the function exited (${code}):\n${output}`)))
  })
  baseUrl = `http://127.0.0.1:${port}`
})

afterAll(() => {
  child?.kill('SIGTERM')
})

/** Vercel serves https, so the app sets (and reads) its `__Host-` session cookie there. */
const vercelSessionCookieFor = (userId: string) => sessionCookieFor(userId, 'https://esd-quest.vercel.app/')

describe('the build under Vercel’s Remix handler', () => {
  it('echoes the caller’s x-request-id on a page', async () => {
    const page = await fetch(`${baseUrl}/signin`, { headers: { 'x-request-id': 'vercel-page-0001' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('x-request-id')).toBe('vercel-page-0001')
    expect(await page.text()).toContain('<meta name="esd-request-id" content="vercel-page-0001"')
  })

  it('echoes it on loader data fetched by client-side navigation', async () => {
    const data = await fetch(`${baseUrl}/signin.data`, { headers: { 'x-request-id': 'vercel-data-0001' } })
    expect(data.status).toBe(200)
    expect(data.headers.get('x-request-id')).toBe('vercel-data-0001')
  })

  it('mints one when the caller sends none or an unusable one', async () => {
    const minted = await fetch(`${baseUrl}/signin.data`, { headers: { 'x-request-id': 'bad id!' } })
    expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('echoes it on resource routes, and API errors quote it', async () => {
    const health = await fetch(`${baseUrl}/healthz`, { headers: { 'x-request-id': 'vercel-health-01' } })
    expect(health.headers.get('x-request-id')).toBe('vercel-health-01')

    const me = await httpApiClient(baseUrl)({ path: '/api/v1/me', headers: { 'x-request-id': 'vercel-api-0001' } })
    expect(me.status).toBe(401)
    expect(me.headers.get('x-request-id')).toBe('vercel-api-0001')
    expect(me.body).toMatchObject({ error: { code: 'missing_api_key', requestId: 'vercel-api-0001' } })
  })

  it('writes Vercel’s own request id into the audit row when the caller sends none', async () => {
    const user = await createUser()
    const { url } = await createSignInLink({ userId: user.id, baseUrl })
    const token = new URL(url).searchParams.get('token')!
    const vercelId = 'iad1::iad1::abcde-1764122400000-0123456789ab'
    const signIn = await fetch(`${baseUrl}/signin/link`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
      headers: { 'x-vercel-id': vercelId },
      redirect: 'manual',
    })
    expect(signIn.status).toBe(302)
    const audit = await prisma.auditLog.findMany({ where: { actorId: user.id } })
    expect(audit.map((row) => [row.action, row.requestId])).toEqual([['session.signed_in', vercelId]])
  })

  it('serves a signed-in admin every page, its data and downloads, and a keyed API call', async () => {
    const admin = await createUser({ role: 'admin' })
    const cookie = await vercelSessionCookieFor(admin.id)
    const paths = ['/dashboard', '/leads', '/sends', '/conversations', '/account', '/settings/team', '/settings/api-keys', '/settings/carriers', '/settings/audit', '/settings/outbox']
    for (const path of [...paths, ...paths.map((p) => `${p}.data`), '/settings/audit.csv', '/readyz', '/metrics']) {
      const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' })
      expect({ path, status: response.status }).toEqual({ path, status: 200 })
      expect(response.headers.get('x-request-id'), path).toBeTruthy()
      expectSecurityHeaders(response, path)
      await response.arrayBuffer()
    }

    const actor = { type: 'user' as const, userId: admin.id, organizationId: admin.organizationId, label: admin.email }
    const { sessionId } = await steppedUpSessionFor(admin.id)
    const { key } = await createApiKey({ organizationId: admin.organizationId, actor, sessionId, name: 'CRM', scopes: ['leads:read'] })
    const me = await httpApiClient(baseUrl)({ path: '/api/v1/me', key })
    expect(me.status).toBe(200)
    expect(me.body).toMatchObject({ organization: { id: admin.organizationId } })
    // The document names the deployment's APP_URL as its server.
    const spec = await httpApiClient(baseUrl)<{ servers: { url: string }[] }>({ path: '/api/v1/openapi.json' })
    expect(spec.body.servers).toEqual([{ url: 'https://app.esd.quest' }])
  })

  it('gives every response the security headers, and a page the nonce its scripts carry', async () => {
    const responses = {
      page: await fetch(`${baseUrl}/signin`),
      'loader data': await fetch(`${baseUrl}/signin.data`),
      'error page': await fetch(`${baseUrl}/no-such-page`),
      'resource route': await fetch(`${baseUrl}/healthz`),
      'API error': await httpApiClient(baseUrl)({ path: '/api/v1/me' }),
      'API document': await httpApiClient(baseUrl)({ path: '/api/v1/openapi.json' }),
      'resource redirect': await fetch(`${baseUrl}/`, { redirect: 'manual' }),
    }
    for (const [what, response] of Object.entries(responses)) expectSecurityHeaders(response, what)
    expect(responses['error page'].status).toBe(404)
    expect(responses['resource redirect'].status).toBe(302)

    const policy = responses.page.headers.get('content-security-policy')!
    const nonce = policy.match(/script-src 'self' 'nonce-([^']+)'/)?.[1]
    expect(nonce).toBeTruthy()
    const scripts = (await responses.page.text()).match(/<script\b[^>]*>/g) ?? []
    expect(scripts.length).toBeGreaterThan(1)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    // Data and API responses run no code: their policy has no nonce.
    expect(responses['loader data'].headers.get('content-security-policy')).not.toContain('nonce-')
    const again = (await fetch(`${baseUrl}/signin`)).headers.get('content-security-policy')
    expect(again).not.toBe(policy)
  })

  it('runs a signed-in form post and audits it under the caller’s request id', async () => {
    const user = await createUser()
    const cookie = await vercelSessionCookieFor(user.id)
    const response = await fetch(`${baseUrl}/resources/theme.data`, {
      method: 'POST',
      body: new URLSearchParams({ theme: 'dark' }),
      headers: { cookie, 'x-request-id': 'vercel-post-0001' },
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('x-request-id')).toBe('vercel-post-0001')
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).themePreference).toBe('dark')
    const audit = await prisma.auditLog.findMany({ where: { actorId: user.id, action: 'user.theme_changed' } })
    expect(audit.map((row) => row.requestId)).toEqual(['vercel-post-0001'])
  })

  it('rate limits one client by the address Vercel gives, however its X-Forwarded-For rotates', async () => {
    const ask = (i: number) =>
      fetch(`${baseUrl}/recover?index`, {
        method: 'POST',
        body: new URLSearchParams({ intent: 'link', email: `rotating-${i}@example.test` }),
        headers: { 'x-forwarded-for': `203.0.113.${i + 1}, 198.18.${i}.1` },
        redirect: 'manual',
      })
    const statuses: number[] = []
    for (let i = 0; i < 11; i++) statuses.push((await ask(i)).status)
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429])
    const bucket = await prisma.rateLimitBucket.findMany({ where: { key: { startsWith: 'recovery:ip:' } }, select: { key: true, count: true } })
    expect(bucket).toEqual([{ key: 'recovery:ip:127.0.0.1', count: 11 }])
  })

  it('sets the session cookie as a Secure __Host- cookie, since Vercel serves https', async () => {
    const user = await createUser()
    const { url } = await createSignInLink({ userId: user.id, baseUrl })
    const signIn = await fetch(`${baseUrl}/signin/link`, {
      method: 'POST',
      body: new URLSearchParams({ token: new URL(url).searchParams.get('token')! }),
      redirect: 'manual',
    })
    expect(signIn.status).toBe(302)
    const setCookie = signIn.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^__Host-esd_session=/)
    expect(setCookie).toMatch(/; Secure/)
  })
})
