import { describe, expect, it } from 'vitest'
import { parseEnv } from './env.server'

const trustProxy = (value?: string) => parseEnv(value === undefined ? {} : { TRUST_PROXY: value }).TRUST_PROXY

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told', () => {
    expect(trustProxy()).toBe(false)
    expect(trustProxy('')).toBe(false)
    expect(trustProxy('false')).toBe(false)
    expect(trustProxy('0')).toBe(false)
  })

  it('refuses "true" and says what to set instead', () => {
    for (const value of ['true', 'TRUE', ' true ']) {
      expect(() => trustProxy(value)).toThrowError(/TRUST_PROXY: "true" would trust any X-Forwarded-For a client sends/)
      expect(() => trustProxy(value)).toThrowError(/number of proxies in front of the app \(e\.g\. 1\), or their addresses or subnets/)
    }
  })

  it('takes a hop count', () => {
    expect(trustProxy('1')).toBe(1)
    expect(trustProxy('2')).toBe(2)
  })

  it('takes proxy addresses, subnets and the named private ranges', () => {
    expect(trustProxy('10.0.0.0/8, fd00::/8,192.0.2.10,2001:db8::1, loopback,uniquelocal,linklocal')).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.10',
      '2001:db8::1',
      'loopback',
      'uniquelocal',
      'linklocal',
    ])
  })

  it('names every entry that is not an address or a subnet', () => {
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', '300.1.1.1', '10.1', 'proxy.example', '10.0.0.0/8/1', '10.0.0.0/x', '*', 'yes']) {
      expect(() => trustProxy(`10.0.0.0/8,${bad}`), bad).toThrowError(new RegExp(`TRUST_PROXY: not a hop count.*${JSON.stringify(bad).replace(/[.*/\\[\]]/g, '\\$&')}`))
    }
    expect(() => trustProxy('1.2.3.4,-1')).toThrowError(/"-1"/)
  })
})

describe('VERCEL', () => {
  it('is off unless the platform sets it', () => {
    expect(parseEnv({}).VERCEL).toBe(false)
    expect(parseEnv({ VERCEL: '1' }).VERCEL).toBe(true)
  })
})
