import { describe, expect, it } from 'vitest'
import { redactSecrets } from './redact'

describe('redactSecrets', () => {
  it('replaces secret-looking fields at any depth and in arrays', () => {
    const summary = {
      token: 'tok_1',
      keyHash: 'abc',
      code: '123456',
      authToken: 'twilio-auth',
      api_key: 'sk_live',
      'x-api-key': 'sk_live_2',
      privateKey: '-----BEGIN',
      recoveryCodes: ['a', 'b'],
      password: 'hunter2',
      nested: { after: { webhookSecret: 's', refresh_token: 'r' } },
      list: [{ secret: 's' }, { name: 'kept' }],
    }
    expect(redactSecrets(summary)).toEqual({
      token: '[redacted]',
      keyHash: '[redacted]',
      code: '[redacted]',
      authToken: '[redacted]',
      api_key: '[redacted]',
      'x-api-key': '[redacted]',
      privateKey: '[redacted]',
      recoveryCodes: '[redacted]',
      password: '[redacted]',
      nested: { after: { webhookSecret: '[redacted]', refresh_token: '[redacted]' } },
      list: [{ secret: '[redacted]' }, { name: 'kept' }],
    })
  })

  it('keeps ordinary fields, including ones that merely mention a secret word', () => {
    const summary = {
      name: 'Zapier',
      email: 'a@example.test',
      role: 'admin',
      keyPrefix: 'esd_live_ab12',
      areaCode: '415',
      statusCode: 500,
      tokenExpiresAt: '2026-01-01T00:00:00.000Z',
      scopes: ['leads:read'],
      token: null,
    }
    expect(redactSecrets(summary)).toEqual(summary)
  })

  it('does not change its input', () => {
    const input = { before: { token: 't' } }
    redactSecrets(input)
    expect(input.before.token).toBe('t')
  })

  it('cuts what is nested deeper than it checks instead of passing it on', () => {
    let deep: Record<string, unknown> = { token: 'leak' }
    for (let i = 0; i < 12; i++) deep = { level: deep }
    expect(JSON.stringify(redactSecrets(deep))).not.toContain('leak')
  })
})
