import { afterEach, describe, expect, it } from 'vitest'
import { resetEnv } from './env.server'
import { servedOverHttps } from './served-over-https.server'

function withEnv(env: Record<string, string>) {
  Object.assign(process.env, env)
  resetEnv()
}

afterEach(() => {
  delete process.env.APP_URL
  delete process.env.APP_ENV
  resetEnv()
})

describe('servedOverHttps', () => {
  it('follows APP_URL’s scheme, not APP_ENV', () => {
    withEnv({ APP_ENV: 'development', APP_URL: 'https://staging.esd.quest' })
    expect(servedOverHttps(new Request('http://10.0.0.5:3000/signin'))).toBe(true)
    withEnv({ APP_ENV: 'test', APP_URL: 'http://localhost:3000' })
    expect(servedOverHttps(new Request('https://localhost:3000/signin'))).toBe(false)
  })

  it('without APP_URL, follows the request’s scheme as our server saw it', () => {
    expect(servedOverHttps(new Request('https://preview.esd.quest/signin'))).toBe(true)
    expect(servedOverHttps(new Request('http://localhost:3000/signin'))).toBe(false)
  })
})
