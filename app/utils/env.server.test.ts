import { describe, expect, it } from 'vitest'
import { parseEnv } from './env.server'

const production = {
  APP_ENV: 'production',
  APP_URL: 'https://app.esd.quest',
  DATABASE_URL: 'postgres://db/esd',
  INNGEST_EVENT_KEY: 'evt',
  INNGEST_SIGNING_KEY: 'signkey-prod-123',
  LIVEBLOCKS_SECRET_KEY: 'sk_prod_123',
  POSTMARK_SERVER_TOKEN: 'pm-server-token',
  EMAIL_FROM: 'esd.quest <no-reply@mail.esd.quest>',
  CARRIER_TOKEN_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
}

describe('parseEnv', () => {
  it('runs on defaults with nothing set', () => {
    const env = parseEnv({})
    expect(env.APP_ENV).toBe('development')
    expect(env.PORT).toBe(3000)
    expect(env.DATABASE_URL).toBeUndefined()
  })

  it('names every variable production is missing', () => {
    expect(() => parseEnv({ APP_ENV: 'production', DATABASE_URL: 'postgres://db/esd' })).toThrowError(
      /APP_URL, INNGEST_EVENT_KEY, INNGEST_SIGNING_KEY, LIVEBLOCKS_SECRET_KEY, POSTMARK_SERVER_TOKEN, EMAIL_FROM, CARRIER_TOKEN_KEYS$/,
    )
  })

  it('requires the carrier token key ring in production only', () => {
    const { CARRIER_TOKEN_KEYS: _, ...withoutKeys } = production
    expect(() => parseEnv(withoutKeys)).toThrowError(/needs these variables .*: CARRIER_TOKEN_KEYS$/)
    expect(parseEnv({}).CARRIER_TOKEN_KEYS).toBeUndefined()
    expect(parseEnv({ CARRIER_TOKEN_KEYS: ' ' }).CARRIER_TOKEN_KEYS).toBeUndefined()
  })

  it('accepts a complete production environment', () => {
    const env = parseEnv(production)
    expect(env.APP_URL).toBe('https://app.esd.quest')
    expect(env.EMAIL_FROM).toBe('esd.quest <no-reply@mail.esd.quest>')
  })

  it('sends email from a default address outside production, and checks a given one', () => {
    expect(parseEnv({}).EMAIL_FROM).toBe('esd.quest <no-reply@esd.quest>')
    expect(parseEnv({ EMAIL_FROM: 'ops@example.test' }).EMAIL_FROM).toBe('ops@example.test')
    expect(() => parseEnv({ EMAIL_FROM: 'esd.quest' })).toThrowError(/EMAIL_FROM/)
    expect(() => parseEnv({ POSTMARK_API_URL: 'not a url' })).toThrowError(/POSTMARK_API_URL/)
  })

  it('explains a malformed value', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrowError(/PORT/)
    expect(() => parseEnv({ DATABASE_URL: 'not a url' })).toThrowError(/DATABASE_URL/)
    expect(() => parseEnv({ DATABASE_MIGRATION_URL: 'not a url' })).toThrowError(/DATABASE_MIGRATION_URL/)
  })

  it('treats empty strings as unset', () => {
    expect(parseEnv({ LIVEBLOCKS_SECRET_KEY: '' }).LIVEBLOCKS_SECRET_KEY).toBeUndefined()
    expect(parseEnv({ DATABASE_URL: '', APP_URL: ' ' }).DATABASE_URL).toBeUndefined()
    expect(parseEnv({ DATABASE_MIGRATION_URL: '' }).DATABASE_MIGRATION_URL).toBeUndefined()
  })
})

describe('upload storage variables', () => {
  it('defaults to 2 GB files on local disk', () => {
    const env = parseEnv({})
    expect(env.UPLOAD_MAX_BYTES).toBe(2 * 1024 ** 3)
    expect(env.S3_BUCKET).toBeUndefined()
    expect(parseEnv({ UPLOAD_MAX_BYTES: '1000' }).UPLOAD_MAX_BYTES).toBe(1000)
    expect(() => parseEnv({ UPLOAD_MAX_BYTES: '0' })).toThrowError(/UPLOAD_MAX_BYTES/)
  })

  it('requires S3 in production on Vercel, where a function has no lasting disk', () => {
    expect(() => parseEnv({ ...production, VERCEL: '1' })).toThrowError(/S3_BUCKET/)
    expect(parseEnv({ ...production, VERCEL: '1', S3_BUCKET: 'esd-uploads' }).S3_BUCKET).toBe('esd-uploads')
    expect(parseEnv(production).S3_BUCKET).toBeUndefined()
  })

  it('takes the S3 key id and secret together or not at all', () => {
    expect(() => parseEnv({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'id' })).toThrowError(/S3_SECRET_ACCESS_KEY/)
    expect(parseEnv({ S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'true', S3_ENDPOINT: 'http://127.0.0.1:9000' })).toMatchObject({ S3_FORCE_PATH_STYLE: true })
  })
})
