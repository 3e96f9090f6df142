import { afterEach, describe, expect, it } from 'vitest'
import { resetEnv } from './env.server'
import { clientIp } from './request.server'

const request = (headers: Record<string, string>) => new Request('https://app.esd.quest/recover', { headers })

afterEach(() => {
  delete process.env.VERCEL
  resetEnv()
})

describe('clientIp', () => {
  it('is the address our HTTP server resolved (socket and TRUST_PROXY), whatever the headers say', () => {
    const forged = request({ 'x-forwarded-for': '203.0.113.66', 'x-real-ip': '203.0.113.67' })
    expect(clientIp(forged, { clientIp: '198.51.100.7' })).toBe('198.51.100.7')
    expect(clientIp(forged, { clientIp: '::ffff:198.51.100.7' })).toBe('198.51.100.7')
    expect(clientIp(forged, { clientIp: null })).toBeNull()
  })

  it('never reads X-Forwarded-For where nobody vouches for the headers', () => {
    expect(clientIp(request({ 'x-forwarded-for': '203.0.113.66, 198.51.100.7' }), {})).toBeNull()
    expect(clientIp(request({ 'x-forwarded-for': '203.0.113.66' }))).toBeNull()
    expect(clientIp(request({ 'x-real-ip': '203.0.113.67' }))).toBeNull()
  })

  it('on Vercel is the address its edge puts in x-real-ip (else x-vercel-forwarded-for), never the left-most X-Forwarded-For', () => {
    process.env.VERCEL = '1'
    resetEnv()
    expect(clientIp(request({ 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '203.0.113.66, 198.51.100.7' }), {})).toBe('198.51.100.7')
    expect(clientIp(request({ 'x-vercel-forwarded-for': '2001:db8::7', 'x-forwarded-for': '203.0.113.66' }), {})).toBe('2001:db8::7')
    expect(clientIp(request({ 'x-forwarded-for': '203.0.113.66' }), {})).toBeNull()
    expect(clientIp(request({ 'x-real-ip': 'garbage' }), {})).toBeNull()
  })
})
