import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { API_KEY_SECRET_LENGTH, apiKeyModeFor, apiKeyPrefix, generateApiKey, hashApiKey, parseApiKey } from './api-key-format.server'

describe('API key format', () => {
  it('maps prod organizations to esd_live_ and sandbox/test organizations to esd_test_', () => {
    expect(apiKeyModeFor('prod')).toBe('live')
    expect(apiKeyModeFor('sandbox')).toBe('test')
    expect(apiKeyModeFor('test')).toBe('test')
    expect(generateApiKey('live').key).toMatch(/^esd_live_[0-9A-Za-z]+$/)
    expect(generateApiKey('test').key).toMatch(/^esd_test_[0-9A-Za-z]+$/)
  })

  it('carries at least 128 random bits', () => {
    const bitsPerChar = Math.log2(62)
    expect(API_KEY_SECRET_LENGTH * bitsPerChar).toBeGreaterThanOrEqual(128)
    const keys = Array.from({ length: 2000 }, () => generateApiKey('live').key)
    expect(new Set(keys).size).toBe(keys.length)
    for (const key of keys) expect(parseApiKey(key)?.secret).toHaveLength(API_KEY_SECRET_LENGTH)
    // Every base62 character shows up, roughly evenly: the alphabet is really used.
    const counts = new Map<string, number>()
    for (const key of keys) for (const char of parseApiKey(key)!.secret) counts.set(char, (counts.get(char) ?? 0) + 1)
    expect(counts.size).toBe(62)
    const expected = (keys.length * API_KEY_SECRET_LENGTH) / 62
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(expected * 0.8)
      expect(count).toBeLessThan(expected * 1.2)
    }
  })

  it('keeps a visible prefix of the mode and four secret characters, and hashes with sha256', () => {
    const { key, prefix, hash } = generateApiKey('live')
    expect(prefix).toBe(key.slice(0, 13))
    expect(prefix).toMatch(/^esd_live_[0-9A-Za-z]{4}$/)
    expect(apiKeyPrefix(key)).toBe(prefix)
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'))
    expect(hashApiKey(key)).toBe(hash)
  })

  it('parses well-formed keys', () => {
    const { key } = generateApiKey('test')
    expect(parseApiKey(key)).toEqual({ mode: 'test', secret: key.slice('esd_test_'.length) })
  })

  it('rejects malformed keys', () => {
    const secret = 'a'.repeat(API_KEY_SECRET_LENGTH)
    expect(parseApiKey(`esd_live_${secret}`)).not.toBeNull()
    for (const bad of [
      '',
      secret,
      `esd_prod_${secret}`,
      `ESD_LIVE_${secret}`,
      `esd_live_${secret.slice(1)}`,
      `esd_live_${secret}a`,
      `esd_live_${secret.slice(1)}-`,
      `esd_live_${secret.slice(1)}_`,
      ` esd_live_${secret}`,
      `esd_live_${secret} `,
      `Bearer esd_live_${secret}`,
      `esd_live_${secret}\n`,
      `sk_live_${secret}`,
    ]) {
      expect(parseApiKey(bad), JSON.stringify(bad)).toBeNull()
    }
  })
})
