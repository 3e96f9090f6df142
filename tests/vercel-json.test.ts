import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { securityHeaders } from '~/utils/security-headers.server'

/**
 * On Vercel, static files (public/, with the build's assets in public/build)
 * come from the CDN and never meet our code: vercel.json must give them the
 * security headers our server gives them. Pages and data make their own
 * (entry.server, with a nonce), which Vercel lets override vercel.json's;
 * vercel.json still gives them, and the redirects Remix answers without
 * entry.server, everything but the policy.
 */

const root = path.resolve(import.meta.dirname, '..')
type Rule = { source: string; headers: { key: string; value: string }[] }
const rules = (JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as { headers?: Rule[] }).headers ?? []

/** Our sources are literal paths or a prefix followed by `(.*)`. */
function matches(source: string, pathname: string) {
  return source.endsWith('(.*)') ? pathname.startsWith(source.slice(0, -'(.*)'.length)) : pathname === source
}

function vercelHeadersFor(pathname: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const rule of rules.filter((r) => matches(r.source, pathname))) {
    for (const { key, value } of rule.headers) headers[key] = value
  }
  return headers
}

function publicFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return entry.name === 'build' && !prefix ? [] : publicFiles(path.join(dir, entry.name), `${prefix}/${entry.name}`)
    return [`${prefix}/${entry.name}`]
  })
}

// Vercel serves only over https, so HSTS belongs everywhere; no file of ours connects anywhere.
const expected = securityHeaders({ appUrl: 'https://app.esd.quest', connectSources: [] })

describe('vercel.json', () => {
  it('uses only sources this test understands', () => {
    expect(rules.length).toBeGreaterThan(0)
    for (const rule of rules) expect(rule.source).toMatch(/^\/[^()*]*(\(\.\*\))?$/)
  })

  it.each([...publicFiles(path.join(root, 'public')), '/build/_assets/tailwind-ABC123.css', '/build/entry.client-XYZ.js'])(
    'gives the static file %s the security headers our server gives it',
    (file) => {
      expect(vercelHeadersFor(file)).toEqual(expected)
    },
  )

  it('gives every other path all of them but the policy, which the page or route sets with its nonce', () => {
    const { 'Content-Security-Policy': _policy, ...rest } = expected
    expect(vercelHeadersFor('/dashboard')).toEqual(rest)
    expect(vercelHeadersFor('/api/v1/me')).toEqual(rest)
  })
})
