import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifyTwilioSignature, type VerifyTwilioSignatureOptions } from './verify-twilio-signature.server'

// Twilio's documented example: https://www.twilio.com/docs/usage/webhooks/webhooks-security
const EXAMPLE = {
  authToken: '12345',
  publicBaseUrl: 'https://mycompany.com',
  path: '/myapp.php?foo=1&bar=2',
  params: {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  },
  signature: '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
} satisfies VerifyTwilioSignatureOptions

function verify(changes: Partial<VerifyTwilioSignatureOptions> = {}) {
  return verifyTwilioSignature({ ...EXAMPLE, ...changes })
}

// Twilio's algorithm written out, independently of the SDK: the URL, then each
// key with each of its values, keys sorted and a repeated key's values sorted.
function sign(authToken: string, url: string, params: Record<string, string | string[]>) {
  let data = url
  for (const key of Object.keys(params).sort()) {
    for (const value of [params[key] ?? []].flat().sort()) data += key + value
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64')
}

describe('verifyTwilioSignature', () => {
  it('accepts Twilio’s documented example', () => {
    expect(sign(EXAMPLE.authToken, 'https://mycompany.com/myapp.php?foo=1&bar=2', EXAMPLE.params)).toBe(
      EXAMPLE.signature,
    )
    expect(verify()).toBe(true)
  })

  it('ignores trailing slashes of publicBaseUrl', () => {
    expect(verify({ publicBaseUrl: 'https://mycompany.com//' })).toBe(true)
  })

  it('keeps a path prefix of publicBaseUrl', () => {
    const params = { MessageSid: 'SM123', MessageStatus: 'delivered' }
    const signature = sign('token', 'https://x.example/app/webhooks/twilio/status?foo=1', params)
    const options = { authToken: 'token', path: '/webhooks/twilio/status?foo=1', params, signature }

    expect(verifyTwilioSignature({ ...options, publicBaseUrl: 'https://x.example/app/' })).toBe(true)
    expect(verifyTwilioSignature({ ...options, publicBaseUrl: 'https://x.example' })).toBe(false)
  })

  describe('ports', () => {
    it('accepts a signature over the URL with the default port, and the reverse', () => {
      const withPort = sign(EXAMPLE.authToken, 'https://mycompany.com:443/myapp.php?foo=1&bar=2', EXAMPLE.params)

      expect(verify({ signature: withPort })).toBe(true)
      expect(verify({ publicBaseUrl: 'https://mycompany.com:443' })).toBe(true)
    })

    it('rejects a signature over another port', () => {
      const otherPort = sign(EXAMPLE.authToken, 'https://mycompany.com:8443/myapp.php?foo=1&bar=2', EXAMPLE.params)

      expect(verify({ signature: otherPort })).toBe(false)
    })
  })

  describe('a repeated key', () => {
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2'
    const params = { ...EXAMPLE.params, MediaUrl: ['https://b.example/2.jpg', 'https://a.example/1.jpg'] }
    const signature = sign(EXAMPLE.authToken, url, params)

    it('is accepted whatever the order of its values', () => {
      expect(verify({ params, signature })).toBe(true)
      expect(verify({ params: { ...params, MediaUrl: [...params.MediaUrl].reverse() }, signature })).toBe(true)
    })

    it('is rejected collapsed to one value', () => {
      expect(verify({ params: { ...params, MediaUrl: 'https://a.example/1.jpg' }, signature })).toBe(false)
    })

    it('is rejected with a value sent twice, which the signature cannot vouch for', () => {
      expect(
        verify({ params: { ...params, MediaUrl: [...params.MediaUrl, 'https://a.example/1.jpg'] }, signature }),
      ).toBe(false)
      expect(verify({ params: { ...EXAMPLE.params, To: ['+18005551212', '+18005551212'] } })).toBe(false)
    })
  })

  describe('rejects a tampered request', () => {
    it.each(Object.keys(EXAMPLE.params))('%s changed', (key) => {
      expect(verify({ params: { ...EXAMPLE.params, [key]: '+19998887777' } })).toBe(false)
    })

    it('a param added', () => {
      expect(verify({ params: { ...EXAMPLE.params, Body: 'STOP' } })).toBe(false)
    })

    it('a param added with an empty value', () => {
      expect(verify({ params: { ...EXAMPLE.params, Body: '' } })).toBe(false)
    })

    it('a param removed', () => {
      const { Digits: _removed, ...params } = EXAMPLE.params
      expect(verify({ params })).toBe(false)
    })

    it('the query changed', () => {
      expect(verify({ path: '/myapp.php?foo=1&bar=3' })).toBe(false)
      expect(verify({ path: '/myapp.php?bar=2&foo=1' })).toBe(false)
      expect(verify({ path: '/myapp.php' })).toBe(false)
    })

    it('the path changed', () => {
      expect(verify({ path: '/other.php?foo=1&bar=2' })).toBe(false)
    })

    it('the host changed', () => {
      expect(verify({ publicBaseUrl: 'https://mycompany.org' })).toBe(false)
      expect(verify({ publicBaseUrl: 'http://mycompany.com' })).toBe(false)
    })

    it('the token changed', () => {
      expect(verify({ authToken: '12346' })).toBe(false)
    })

    it('the signature changed by one character', () => {
      expect(verify({ signature: '1/KCTR6DLpKmkAf8muzZqo1nDgQ=' })).toBe(false)
    })

    it.each([[null], ['']])('a missing signature (%j)', (signature) => {
      expect(verify({ signature })).toBe(false)
    })
  })

  it('rejects everything with an empty auth token, which anyone could sign with', () => {
    const signature = sign('', 'https://mycompany.com/myapp.php?foo=1&bar=2', EXAMPLE.params)
    expect(verify({ authToken: '', signature })).toBe(false)
  })

  it('rejects a path that does not start with a slash', () => {
    const signature = sign(
      EXAMPLE.authToken,
      'https://mycompany.com.evil.example/myapp.php?foo=1&bar=2',
      EXAMPLE.params,
    )
    expect(verify({ path: '.evil.example/myapp.php?foo=1&bar=2', signature })).toBe(false)
  })
})
