import { describe, expect, it } from 'vitest'
import { requestIdFrom, requestIdOf, runWithRequestContext, withRequestIdHeader } from './request-context.server'

const request = (headers: Record<string, string> = {}) => new Request('http://localhost/x', { headers })

describe('requestIdFrom', () => {
  it('keeps a sane caller id and replaces anything else with a UUID', () => {
    expect(requestIdFrom('probe-req-0001')).toBe('probe-req-0001')
    expect(requestIdFrom('short')).toMatch(/^[0-9a-f-]{36}$/)
    expect(requestIdFrom('has spaces in it')).toMatch(/^[0-9a-f-]{36}$/)
    expect(requestIdFrom('x'.repeat(129))).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('requestIdOf', () => {
  it('prefers the load context, then the async context, over headers', () => {
    const req = request({ 'x-request-id': 'from-the-header' })
    expect(requestIdOf(req, { requestId: 'from-load-context' })).toBe('from-load-context')
    expect(runWithRequestContext({ requestId: 'from-async-context' }, () => requestIdOf(req, {}))).toBe('from-async-context')
  })

  it('falls back to the caller’s x-request-id, then to Vercel’s x-vercel-id', () => {
    expect(requestIdOf(request({ 'x-request-id': 'caller-id-0001', 'x-vercel-id': 'iad1::abcde-1' }))).toBe('caller-id-0001')
    expect(requestIdOf(request({ 'x-request-id': 'bad id', 'x-vercel-id': 'iad1::iad1::xyz12-1764122400000-abc' }))).toBe(
      'iad1::iad1::xyz12-1764122400000-abc',
    )
  })

  it('mints one id per request when nothing names it, and keeps it', () => {
    const req = request()
    const id = requestIdOf(req)
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect(requestIdOf(req)).toBe(id)
    expect(requestIdOf(request())).not.toBe(id)
  })
})

describe('withRequestIdHeader', () => {
  it('adds the header, keeps one already set, and copies responses whose headers are immutable', async () => {
    expect(withRequestIdHeader(new Response('ok'), 'req-00000001').headers.get('x-request-id')).toBe('req-00000001')
    const named = new Response('ok', { headers: { 'x-request-id': 'already-named' } })
    expect(withRequestIdHeader(named, 'req-00000001').headers.get('x-request-id')).toBe('already-named')
    const redirect = Response.redirect('http://localhost/elsewhere', 302)
    const tagged = withRequestIdHeader(redirect, 'req-00000002')
    expect(tagged.status).toBe(302)
    expect(tagged.headers.get('location')).toBe('http://localhost/elsewhere')
    expect(tagged.headers.get('x-request-id')).toBe('req-00000002')
  })
})
