import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { resetEnv } from './env.server'
import { clearSessionCookie, readSessionToken, serializeSessionToken } from './session.server'

const token = randomBytes(32).toString('base64url')

function withEnv(env: Record<string, string>) {
  Object.assign(process.env, env)
  resetEnv()
}

afterEach(() => {
  delete process.env.APP_URL
  delete process.env.APP_ENV
  resetEnv()
})

const attributes = (setCookie: string) => setCookie.split(';').map((part) => part.trim())

describe('the session cookie', () => {
  it('is a Secure __Host- cookie on an https staging site, though APP_ENV is not production', async () => {
    withEnv({ APP_ENV: 'development', APP_URL: 'https://staging.esd.quest' })
    const request = new Request('https://staging.esd.quest/signin/link')
    const setCookie = await serializeSessionToken(token, request)
    expect(setCookie.startsWith('__Host-esd_session=')).toBe(true)
    expect(attributes(setCookie)).toEqual(expect.arrayContaining(['Secure', 'HttpOnly', 'Path=/', 'SameSite=Lax']))
    expect(setCookie).not.toMatch(/Domain=/i)
    expect(attributes(await clearSessionCookie(request))).toEqual(expect.arrayContaining(['Secure', 'Max-Age=0']))
    expect((await clearSessionCookie(request)).startsWith('__Host-esd_session=')).toBe(true)
  })

  it('is read only under its __Host- name there: a plain cookie someone tossed in is ignored', async () => {
    withEnv({ APP_ENV: 'development', APP_URL: 'https://staging.esd.quest' })
    const cookie = (name: string) => new Request('https://staging.esd.quest/dashboard', { headers: { cookie: `${name}=${token}` } })
    const [pair] = (await serializeSessionToken(token, cookie('x'))).split(';')
    expect(await readSessionToken(new Request('https://staging.esd.quest/dashboard', { headers: { cookie: pair! } }))).toBe(token)
    expect(await readSessionToken(cookie('esd_session'))).toBeNull()
  })

  it('is plain on an http APP_URL (browsers would drop a Secure cookie there)', async () => {
    withEnv({ APP_ENV: 'test', APP_URL: 'http://intranet.example:3000' })
    const setCookie = await serializeSessionToken(token, new Request('http://intranet.example:3000/signin/link'))
    expect(setCookie.startsWith('esd_session=')).toBe(true)
    expect(attributes(setCookie)).not.toContain('Secure')
  })

  it('without APP_URL follows the scheme the request reached us with', async () => {
    const overHttps = await serializeSessionToken(token, new Request('https://preview.esd.quest/signin/link'))
    expect(overHttps.startsWith('__Host-esd_session=')).toBe(true)
    expect(attributes(overHttps)).toContain('Secure')
    const overHttp = await serializeSessionToken(token, new Request('http://localhost:3000/signin/link'))
    expect(overHttp.startsWith('esd_session=')).toBe(true)
    expect(attributes(overHttp)).not.toContain('Secure')
  })
})
