import { afterEach, describe, expect, it } from 'vitest'
import { resetEnv } from './env.server'
import { appSecurityHeaders, contentSecurityPolicy, createCspNonce, isFramablePath, securityHeaders, withSecurityHeaders } from './security-headers.server'

const saved = { ...process.env }

function withEnv(vars: Record<string, string>) {
  for (const key of ['APP_URL', 'LIVEBLOCKS_SECRET_KEY', 'LIVEBLOCKS_BASE_URL', 'LIVEBLOCKS_DEV_PROXY']) delete process.env[key]
  Object.assign(process.env, vars)
  resetEnv()
}

afterEach(() => {
  process.env = { ...saved }
  resetEnv()
})

function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]))
}

describe('the Content-Security-Policy', () => {
  it('runs scripts and style elements of our origin, or with the response’s nonce: never inline ones', () => {
    const policy = directives(contentSecurityPolicy({ nonce: 'abc123', connectSources: [] }))
    expect(policy['script-src']).toEqual(["'self'", "'nonce-abc123'"])
    expect(policy['style-src']).toEqual(["'self'", "'nonce-abc123'"])
    expect(Object.values(policy).flat()).not.toContain("'unsafe-inline'")
    expect(Object.values(policy).flat()).not.toContain("'unsafe-eval'")
    expect(policy['frame-ancestors']).toEqual(["'none'"])
    expect(policy['object-src']).toEqual(["'none'"])
    expect(policy['base-uri']).toEqual(["'none'"])
  })

  it('has no nonce, so no inline code at all, where there is no page', () => {
    const policy = directives(contentSecurityPolicy({ connectSources: [] }))
    expect(policy['script-src']).toEqual(["'self'"])
    expect(policy['style-src']).toEqual(["'self'"])
  })

  it('lets any site frame a hosted lead form, /f/{slug}, and nothing else (docs/decisions/053)', () => {
    expect(directives(contentSecurityPolicy({ nonce: 'n', connectSources: [], framable: true }))['frame-ancestors']).toEqual(['*'])
    expect(directives(securityHeaders({ connectSources: [] }, { framable: true })['Content-Security-Policy']!)['script-src']).toEqual(["'self'"])
    expect(isFramablePath('/f/q3Vt9xL2mKp0')).toBe(true)
    for (const path of ['/f', '/f/', '/f/abc/def', '/forms', '/settings/forms', '/f/../settings', '/settings/api-keys']) expect(isFramablePath(path)).toBe(false)
  })

  it('gets a new, unguessable nonce for every response', () => {
    const nonces = new Set(Array.from({ length: 50 }, createCspNonce))
    expect(nonces.size).toBe(50)
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
  })
})

describe('the security headers', () => {
  it('forbid sniffing, limit referrers and powerful features', () => {
    const headers = securityHeaders({ connectSources: [] })
    expect(headers['X-Content-Type-Options']).toBe('nosniff')
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin')
    expect(headers['Permissions-Policy']).toContain('camera=()')
    expect(headers['Permissions-Policy']).toContain('publickey-credentials-get=(self)')
  })

  it('ask for HSTS only when the app’s URL is https', () => {
    expect(securityHeaders({ appUrl: 'https://app.esd.quest', connectSources: [] })['Strict-Transport-Security']).toBe(
      'max-age=63072000; includeSubDomains',
    )
    expect(securityHeaders({ appUrl: 'http://localhost:3000', connectSources: [] })).not.toHaveProperty('Strict-Transport-Security')
    expect(securityHeaders({ connectSources: [] })).not.toHaveProperty('Strict-Transport-Security')
  })
})

describe('connect-src, from the realtime configuration', () => {
  const connectSrc = () => directives(appSecurityHeaders()['Content-Security-Policy']!)['connect-src']

  it('is our origin only when browsers reach the dev server through it', () => {
    withEnv({ LIVEBLOCKS_BASE_URL: 'http://127.0.0.1:4123', LIVEBLOCKS_DEV_PROXY: '1' })
    expect(connectSrc()).toEqual(["'self'"])
  })

  it('adds Liveblocks itself, HTTP and WebSocket, with a secret key', () => {
    withEnv({ LIVEBLOCKS_SECRET_KEY: 'sk_prod_123', APP_URL: 'https://app.esd.quest' })
    expect(connectSrc()).toEqual(["'self'", 'https://api.liveblocks.io', 'wss://api.liveblocks.io'])
    expect(appSecurityHeaders()).toHaveProperty('Strict-Transport-Security')
  })

  it('adds a dev server browsers reach directly, and a Liveblocks base URL of one’s own', () => {
    withEnv({ LIVEBLOCKS_BASE_URL: 'http://192.0.2.10:1153' })
    expect(connectSrc()).toEqual(["'self'", 'http://192.0.2.10:1153', 'ws://192.0.2.10:1153'])
    // A secret key is Liveblocks itself: never proxied, whatever LIVEBLOCKS_DEV_PROXY says.
    withEnv({ LIVEBLOCKS_SECRET_KEY: 'sk_prod_123', LIVEBLOCKS_BASE_URL: 'https://lb.example.test', LIVEBLOCKS_DEV_PROXY: '1' })
    expect(connectSrc()).toEqual(["'self'", 'https://lb.example.test', 'wss://lb.example.test'])
  })

  it('is our origin only without realtime', () => {
    withEnv({})
    expect(connectSrc()).toEqual(["'self'"])
  })
})

describe('withSecurityHeaders', () => {
  it('adds what a response lacks and keeps what it set', () => {
    withEnv({})
    const response = withSecurityHeaders(new Response('x', { headers: { 'Referrer-Policy': 'no-referrer' } }))
    expect(response.headers.get('Referrer-Policy')).toBe('no-referrer')
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'")
  })

  it('copies a response whose headers cannot change', () => {
    withEnv({})
    const response = withSecurityHeaders(Response.redirect('http://localhost/signin', 302))
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('http://localhost/signin')
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff')
  })
})
