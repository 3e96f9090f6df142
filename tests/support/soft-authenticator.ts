import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'

/**
 * A software WebAuthn authenticator (ES256, "none" attestation) producing the
 * exact JSON a browser hands to the server. Every field the server checks can
 * be bent — origin, RP ID, user verification, counter — to test refusals.
 */

type CborValue = number | string | Uint8Array | Map<number | string, CborValue>

function cborHead(major: number, length: number): Uint8Array {
  if (length < 24) return Uint8Array.of((major << 5) | length)
  if (length < 0x100) return Uint8Array.of((major << 5) | 24, length)
  if (length < 0x10000) return Uint8Array.of((major << 5) | 25, length >> 8, length & 0xff)
  const out = new Uint8Array(5)
  out[0] = (major << 5) | 26
  new DataView(out.buffer).setUint32(1, length)
  return out
}

/** Just enough CBOR for attestation objects and COSE keys. */
function encodeCbor(value: CborValue): Uint8Array {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value)
  if (typeof value === 'string') {
    const bytes = new TextEncoder().encode(value)
    return Buffer.concat([cborHead(3, bytes.length), bytes])
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value])
  const parts: Uint8Array[] = [cborHead(5, value.size)]
  for (const [k, v] of value) parts.push(encodeCbor(k), encodeCbor(v))
  return Buffer.concat(parts)
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest()

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_AT = 0x40

type Credential = { id: Uint8Array; privateKey: KeyObject; publicKey: KeyObject; userHandle: string; counter: number }

export type Bend = {
  origin?: string
  rpId?: string
  userVerified?: boolean
  /** Counter to report instead of the next one. */
  counter?: number
  type?: string
}

export class SoftAuthenticator {
  readonly credentials: Credential[] = []
  constructor(readonly origin: string, readonly rpId: string) {}

  private authData(rpId: string, flags: number, counter: number, attested?: Uint8Array) {
    const count = Buffer.alloc(4)
    count.writeUInt32BE(counter)
    return Buffer.concat([sha256(rpId), Uint8Array.of(flags), count, ...(attested ? [attested] : [])])
  }

  private clientData(type: string, challenge: string, origin: string) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }))
  }

  /** Answers `navigator.credentials.create()` for registration options from the server. */
  register(options: { challenge: string; user: { id: string } }, bend: Bend = {}) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string }
    const id = randomBytes(16)
    const coseKey = encodeCbor(
      new Map<number, CborValue>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x, 'base64url')],
        [-3, Buffer.from(jwk.y, 'base64url')],
      ]),
    )
    const idLength = Buffer.alloc(2)
    idLength.writeUInt16BE(id.length)
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, coseKey])
    const flags = FLAG_UP | FLAG_AT | (bend.userVerified === false ? 0 : FLAG_UV)
    const authData = this.authData(bend.rpId ?? this.rpId, flags, 0, attested)
    const attestationObject = encodeCbor(
      new Map<string, CborValue>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    )
    const userHandle = options.user.id
    this.credentials.push({ id, privateKey, publicKey, userHandle, counter: 0 })
    return {
      id: b64url(id),
      rawId: b64url(id),
      type: 'public-key' as const,
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(this.clientData(bend.type ?? 'webauthn.create', options.challenge, bend.origin ?? this.origin)),
        attestationObject: b64url(attestationObject),
        transports: ['internal' as const],
      },
    }
  }

  /** Answers `navigator.credentials.get()`: signs with a stored passkey (the first by default). */
  authenticate(
    options: { challenge: string },
    bend: Bend & {
      credential?: number
      /** The user handle to report (base64url) instead of the one registered; null leaves it out. */
      userHandle?: string | null
      /** Claims this credential id (someone else's passkey) while signing with this authenticator's own key. */
      claimCredentialId?: string
    } = {},
  ) {
    const credential = this.credentials[bend.credential ?? 0]
    if (!credential) throw new Error('This authenticator holds no passkey yet')
    credential.counter = bend.counter ?? credential.counter + 1
    const flags = FLAG_UP | (bend.userVerified === false ? 0 : FLAG_UV)
    const authData = this.authData(bend.rpId ?? this.rpId, flags, credential.counter)
    const clientData = this.clientData(bend.type ?? 'webauthn.get', options.challenge, bend.origin ?? this.origin)
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), credential.privateKey)
    const id = bend.claimCredentialId ?? b64url(credential.id)
    const userHandle = bend.userHandle === undefined ? credential.userHandle : bend.userHandle
    return {
      id,
      rawId: id,
      type: 'public-key' as const,
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: {},
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(userHandle === null ? {} : { userHandle }),
      },
    }
  }

  /** The base64url id of a stored passkey (the first by default), as the server stores it. */
  credentialId(index = 0) {
    const credential = this.credentials[index]
    if (!credential) throw new Error('This authenticator holds no passkey yet')
    return b64url(credential.id)
  }
}
