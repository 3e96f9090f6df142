import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { AppError } from '~/utils/app-error'
import { resetEnv } from '~/utils/env.server'
import {
  currentKeyRing,
  decryptCarrierToken,
  encryptCarrierToken,
  needsReencryption,
  parseKeyRing,
} from './carrier-token-crypto.server'

const K1 = randomBytes(32).toString('base64')
const K2 = randomBytes(32).toString('base64')
const TOKEN = 'f2d9c1e0a3b4c5d6e7f80912a3b4c5d6'

const ringK1 = parseKeyRing(`k1:${K1}`)
const ringK2K1 = parseKeyRing(`k2:${K2},k1:${K1}`)

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(AppError)
    return error as AppError
  }
  throw new Error('expected an AppError')
}

/** The packed bytes behind `v1.`, flipped at one position. */
function flipByte(ciphertext: string, index: number): string {
  const packed = Buffer.from(ciphertext.slice(3), 'base64')
  packed[index]! ^= 0x01
  return `v1.${packed.toString('base64')}`
}

describe('encryptCarrierToken and decryptCarrierToken', () => {
  it('round-trips a token under the ring’s first key', () => {
    const encrypted = encryptCarrierToken(TOKEN, ringK1)
    expect(encrypted.keyId).toBe('k1')
    expect(encrypted.ciphertext).toMatch(/^v1\.[A-Za-z0-9+/]+=*$/)
    expect(encrypted.ciphertext).not.toContain(TOKEN)
    expect(decryptCarrierToken(encrypted, ringK1)).toBe(TOKEN)
  })

  it('gives a different ciphertext every time (random IV)', () => {
    const a = encryptCarrierToken(TOKEN, ringK1)
    const b = encryptCarrierToken(TOKEN, ringK1)
    expect(a.ciphertext).not.toBe(b.ciphertext)
    expect(decryptCarrierToken(b, ringK1)).toBe(TOKEN)
  })

  it('rotates: old tokens still decrypt, new ones use the new key', () => {
    const old = encryptCarrierToken(TOKEN, ringK1)
    expect(decryptCarrierToken(old, ringK2K1)).toBe(TOKEN)
    expect(needsReencryption(old.keyId, ringK2K1)).toBe(true)

    const fresh = encryptCarrierToken(TOKEN, ringK2K1)
    expect(fresh.keyId).toBe('k2')
    expect(needsReencryption(fresh.keyId, ringK2K1)).toBe(false)
    expect(needsReencryption('k1', ringK1)).toBe(false)
    expect(() => decryptCarrierToken(fresh, ringK1)).toThrowError(/key "k2", which CARRIER_TOKEN_KEYS does not hold/)
  })

  it('names an unknown key id clearly', () => {
    const error = thrown(() => decryptCarrierToken({ ...encryptCarrierToken(TOKEN, ringK1), keyId: 'k9' }, ringK1))
    expect(error.code).toBe('carrier_token_key_unknown')
    expect(error.message).toMatch(/"k9"/)
  })

  it('refuses altered data, IV or tag, a relabelled key id, and garbage', () => {
    const encrypted = encryptCarrierToken(TOKEN, ringK2K1)
    for (const index of [0, 11, 12, 27, 28]) {
      const error = thrown(() => decryptCarrierToken({ ...encrypted, ciphertext: flipByte(encrypted.ciphertext, index) }, ringK2K1))
      expect(error.code).toBe('carrier_token_undecryptable')
    }
    // Same key bytes under another id: only the associated data differs.
    const relabelRing = parseKeyRing(`k2:${K2},other:${K2}`)
    const relabelled = thrown(() => decryptCarrierToken({ ...encrypted, keyId: 'other' }, relabelRing))
    expect(relabelled.code).toBe('carrier_token_undecryptable')
    expect(thrown(() => decryptCarrierToken({ ...encrypted, keyId: 'k1' }, ringK2K1)).code).toBe('carrier_token_undecryptable')

    for (const ciphertext of ['', 'v2.' + encrypted.ciphertext.slice(3), 'v1.AAAA', encrypted.ciphertext.slice(3)]) {
      expect(thrown(() => decryptCarrierToken({ ciphertext, keyId: 'k2' }, ringK2K1)).code).toBe('carrier_token_undecryptable')
    }
  })

  it('never puts the token or a key in an error message', () => {
    const encrypted = encryptCarrierToken(TOKEN, ringK1)
    const error = thrown(() => decryptCarrierToken({ ...encrypted, ciphertext: flipByte(encrypted.ciphertext, 30) }, ringK1))
    expect(error.message).not.toContain(TOKEN)
    expect(error.message).not.toContain(K1)
    expect(JSON.stringify(error.details)).not.toContain(K1)
  })
})

describe('parseKeyRing', () => {
  it('keeps the order, trims spaces and ignores a trailing comma', () => {
    expect(parseKeyRing(` k2:${K2} , k1:${K1},`).map((k) => k.id)).toEqual(['k2', 'k1'])
  })

  it('explains each bad ring without echoing key material', () => {
    const short = randomBytes(16).toString('base64')
    const cases: [string, RegExp][] = [
      ['', /holds no key/],
      [' , ', /holds no key/],
      [`k1:${short}`, /entry 1 \(id "k1"\) must be 32 bytes in base64/],
      [`k1:${K1},k2:${K2}x`, /entry 2 \(id "k2"\) must be 32 bytes in base64/],
      [`k1:${K1},k1:${K2}`, /entry 2 repeats the id "k1"/],
      [K1, /entry 1 is not id:base64key/],
      [`k1:${K1},bad id!:${K2}`, /entry 2 has an invalid id/],
      [`${'x'.repeat(33)}:${K1}`, /entry 1 has an invalid id/],
    ]
    for (const [value, message] of cases) {
      const error = thrown(() => parseKeyRing(value))
      expect(error.code).toBe('carrier_token_keys_invalid')
      expect(error.message).toMatch(message)
      for (const secret of [K1, K2, short]) expect(error.message).not.toContain(secret)
    }
  })

  it('keeps key bytes out of a logged ring', () => {
    const logged = JSON.stringify(ringK2K1) + String(ringK2K1[0].key)
    expect(logged).not.toContain(K1)
    expect(logged).not.toContain(Buffer.from(K1, 'base64').toString('hex'))
  })
})

describe('currentKeyRing', () => {
  const saved = { APP_ENV: process.env.APP_ENV, CARRIER_TOKEN_KEYS: process.env.CARRIER_TOKEN_KEYS }

  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
    resetEnv()
  })

  function useEnv(values: Partial<typeof saved>) {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
    resetEnv()
  }

  it('uses the fixed development key when CARRIER_TOKEN_KEYS is unset', () => {
    useEnv({ APP_ENV: 'test', CARRIER_TOKEN_KEYS: undefined })
    expect(currentKeyRing().map((k) => k.id)).toEqual(['dev'])
    const encrypted = encryptCarrierToken(TOKEN)
    expect(encrypted.keyId).toBe('dev')
    expect(decryptCarrierToken(encrypted)).toBe(TOKEN)
    expect(needsReencryption('dev')).toBe(false)
    // A development token does not decrypt under a real ring.
    expect(() => decryptCarrierToken(encrypted, ringK1)).toThrowError(/"dev"/)
  })

  it('reads the ring from the environment, once per value', () => {
    useEnv({ APP_ENV: 'test', CARRIER_TOKEN_KEYS: `k1:${K1}` })
    const first = currentKeyRing()
    expect(currentKeyRing()).toBe(first)
    const old = encryptCarrierToken(TOKEN)
    expect(old.keyId).toBe('k1')

    useEnv({ CARRIER_TOKEN_KEYS: `k2:${K2},k1:${K1}` })
    expect(currentKeyRing().map((k) => k.id)).toEqual(['k2', 'k1'])
    expect(needsReencryption(old.keyId)).toBe(true)
    expect(decryptCarrierToken(old)).toBe(TOKEN)
  })

  it('refuses a malformed ring from the environment', () => {
    useEnv({ APP_ENV: 'test', CARRIER_TOKEN_KEYS: 'k1:short' })
    expect(() => currentKeyRing()).toThrowError(/entry 1 \(id "k1"\)/)
  })
})
