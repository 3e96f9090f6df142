import { describe, expect, it } from 'vitest'
import { ipRateLimitSubject, normalizeIp } from './ip-address.server'

describe('normalizeIp', () => {
  it('spells an address one way', () => {
    expect(normalizeIp('198.51.100.7')).toBe('198.51.100.7')
    expect(normalizeIp(' 198.51.100.7 ')).toBe('198.51.100.7')
    expect(normalizeIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1')
  })

  it('reads an IPv4-mapped IPv6 address as the IPv4 address it is', () => {
    expect(normalizeIp('::ffff:198.51.100.7')).toBe('198.51.100.7')
    expect(normalizeIp('::ffff:c633:6407')).toBe('198.51.100.7')
  })

  it('answers null for anything that is not an address', () => {
    for (const value of [null, undefined, '', 'unknown', '198.51.100', '10', '198.51.100.7, 203.0.113.9', 'evil.example']) {
      expect(normalizeIp(value), String(value)).toBeNull()
    }
  })
})

describe('ipRateLimitSubject', () => {
  it('counts an IPv4 client by its address, however it reached us', () => {
    expect(ipRateLimitSubject('198.51.100.7')).toBe('198.51.100.7')
    expect(ipRateLimitSubject('::ffff:198.51.100.7')).toBe('198.51.100.7')
    expect(ipRateLimitSubject('198.51.100.8')).toBe('198.51.100.8')
  })

  it('counts an IPv6 client by its /64: every address in it is the same subject', () => {
    const subject = ipRateLimitSubject('2001:db8:1:2::1')
    expect(subject).toBe('2001:db8:1:2::/64')
    for (const other of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:db8:1:2:1234:5678:9abc:def0', '2001:0db8:0001:0002:0:0:0:9']) {
      expect(ipRateLimitSubject(other), other).toBe(subject)
    }
    expect(ipRateLimitSubject('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64')
  })

  it('puts requests without a usable address together', () => {
    expect(ipRateLimitSubject(null)).toBe('unknown')
    expect(ipRateLimitSubject('not an address')).toBe('unknown')
  })
})
