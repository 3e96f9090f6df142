import { createCipheriv, createDecipheriv, createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto'
import { AppError } from '~/utils/app-error'
import { getEnv } from '~/utils/env.server'

/**
 * Carriers' Twilio auth tokens at rest: AES-256-GCM under a key ring from
 * CARRIER_TOKEN_KEYS. The first key encrypts, every key decrypts; the key id
 * is stored beside the ciphertext and is the cipher's associated data, so a
 * ciphertext relabelled with another id fails to decrypt.
 *
 * Ciphertext: `v1.` + base64(iv (12 bytes) | tag (16 bytes) | data).
 */

/** The key stays a KeyObject, so logging a ring never prints its bytes. */
export type CarrierTokenKey = { readonly id: string; readonly key: KeyObject }
/** Never empty; the first key encrypts. */
export type KeyRing = readonly [CarrierTokenKey, ...CarrierTokenKey[]]
export type EncryptedCarrierToken = { ciphertext: string; keyId: string }

const VERSION = 'v1.'
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/

/** Development and tests only: derived from a constant in this file, so NOT secret. */
const DEV_KEY_RING: KeyRing = [
  { id: 'dev', key: createSecretKey(createHash('sha256').update('esd.quest development carrier token key (not secret)').digest()) },
]

export function encryptCarrierToken(plaintext: string, keyRing: KeyRing = currentKeyRing()): EncryptedCarrierToken {
  const { id, key } = keyRing[0]
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(Buffer.from(id, 'utf8'))
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  const packed = Buffer.concat([iv, cipher.getAuthTag(), data])
  return { ciphertext: VERSION + packed.toString('base64'), keyId: id }
}

export function decryptCarrierToken({ ciphertext, keyId }: EncryptedCarrierToken, keyRing: KeyRing = currentKeyRing()): string {
  const entry = keyRing.find((k) => k.id === keyId)
  if (!entry) {
    throw new AppError(
      'carrier_token_key_unknown',
      `A carrier token was encrypted with key "${keyId}", which CARRIER_TOKEN_KEYS does not hold.`,
      500,
      { keyId },
    )
  }
  const packed = ciphertext.startsWith(VERSION) ? Buffer.from(ciphertext.slice(VERSION.length), 'base64') : null
  if (!packed || packed.length < IV_BYTES + TAG_BYTES) {
    throw undecryptable(keyId, 'it is not a v1 carrier token ciphertext')
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', entry.key, packed.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(keyId, 'utf8'))
    decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    throw undecryptable(keyId, 'it was altered, relabelled or encrypted with another key of that id')
  }
}

function undecryptable(keyId: string, reason: string) {
  return new AppError('carrier_token_undecryptable', `A carrier token (key "${keyId}") cannot be decrypted: ${reason}.`, 500, { keyId })
}

/** Parses `id:base64key,id:base64key`; errors name an entry by position (and id when valid), never its key. */
export function parseKeyRing(value: string): KeyRing {
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
  const ring: CarrierTokenKey[] = []
  entries.forEach((entry, index) => {
    const position = `CARRIER_TOKEN_KEYS entry ${index + 1}`
    const colon = entry.indexOf(':')
    if (colon === -1) throw invalidKeys(`${position} is not id:base64key.`)
    const id = entry.slice(0, colon).trim()
    const encoded = entry.slice(colon + 1).trim()
    if (!KEY_ID.test(id)) throw invalidKeys(`${position} has an invalid id (1-32 letters, digits, _ or -).`)
    if (ring.some((k) => k.id === id)) throw invalidKeys(`${position} repeats the id "${id}".`)
    const key = Buffer.from(encoded, 'base64')
    if (key.length !== KEY_BYTES || key.toString('base64') !== encoded) {
      throw invalidKeys(`${position} (id "${id}") must be ${KEY_BYTES} bytes in base64.`)
    }
    ring.push({ id, key: createSecretKey(key) })
  })
  const [first, ...rest] = ring
  if (!first) throw invalidKeys('CARRIER_TOKEN_KEYS holds no key.')
  return [first, ...rest]
}

function invalidKeys(message: string) {
  return new AppError('carrier_token_keys_invalid', message, 500)
}

let memo: { value: string; ring: KeyRing } | undefined

/** The ring from CARRIER_TOKEN_KEYS (parsed once per value), or the development key when it is unset. */
export function currentKeyRing(): KeyRing {
  const value = getEnv().CARRIER_TOKEN_KEYS
  if (value === undefined) return DEV_KEY_RING
  if (memo?.value !== value) memo = { value, ring: parseKeyRing(value) }
  return memo.ring
}

/** True when the token was encrypted with a key other than the one that encrypts now. */
export function needsReencryption(keyId: string, keyRing: KeyRing = currentKeyRing()): boolean {
  return keyId !== keyRing[0].id
}
