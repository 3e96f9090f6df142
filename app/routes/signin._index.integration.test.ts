import { describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { addPasskey } from '~/modules/auth/add-passkey.server'
import { startPasskeyAuthentication } from '~/modules/auth/passkey-authentication.server'
import { startPasskeyRegistration } from '~/modules/auth/passkey-registration.server'
import { createUser, sessionCookieFor, steppedUpSessionFor } from '../../tests/support/factories'
import { SoftAuthenticator } from '../../tests/support/soft-authenticator'
import { action as passkeySignInAction } from './resources.passkeys.sign-in'
import { loader as signInLoader } from './signin._index'

const SITE = 'http://localhost:3000'

/** `redirectTo` values that try to send a freshly signed-in user to another site. */
const hostile = [
  '/.//evil.com',
  '/././/evil.com/x',
  '/..//evil.com',
  '/a/..//evil.com',
  '/%2e//evil.com',
  '/%2E%2e//evil.com',
  '//evil.com',
  '///evil.com',
  '/\\evil.com',
  '/.\\/evil.com',
  '/\t/evil.com',
  'https://evil.com',
  'HtTpS://evil.com',
  'JaVaScRiPt:alert(1)',
]

/** Where a browser goes with this Location (or navigation target) from our page. */
const destination = (target: string) => new URL(target, `${SITE}/signin`)

async function thrownResponse(run: () => Promise<unknown>): Promise<Response> {
  const outcome = await run().then(
    () => null,
    (error: unknown) => error,
  )
  if (!(outcome instanceof Response)) throw new Error(`expected a thrown Response, got ${String(outcome)}`)
  return outcome
}

describe('/signin for a signed-in user', () => {
  it('redirects to the requested path of ours', async () => {
    const cookie = await sessionCookieFor((await createUser()).id)
    const request = new Request(`${SITE}/signin?${new URLSearchParams({ redirectTo: '/leads?page=2' })}`, { headers: { cookie } })
    const response = await thrownResponse(() => signInLoader({ request, params: {}, context: {} }))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/leads?page=2')
  })

  it.each(hostile)('never redirects off the site for redirectTo=%j', async (redirectTo) => {
    const cookie = await sessionCookieFor((await createUser()).id)
    const request = new Request(`${SITE}/signin?${new URLSearchParams({ redirectTo })}`, { headers: { cookie } })
    const response = await thrownResponse(() => signInLoader({ request, params: {}, context: {} }))
    expect(response.status).toBe(302)
    const location = response.headers.get('location')!
    expect(location).not.toMatch(/^\/[/\\]/)
    expect(destination(location).origin).toBe(SITE)
    expect(location).toBe('/dashboard')
  })
})

describe('the navigation after a passkey sign-in', () => {
  const actorOf = (user: Awaited<ReturnType<typeof createUser>>): UserActor => ({
    type: 'user',
    userId: user.id,
    organizationId: user.organizationId,
    label: user.email,
  })

  async function signInWithRedirect(redirectTo: string, ip: string) {
    const user = await createUser()
    const authenticator = new SoftAuthenticator(SITE, 'localhost')
    const options = await startPasskeyRegistration({ userId: user.id, userName: user.email, displayName: user.name })
    const { sessionId } = await steppedUpSessionFor(user.id)
    await addPasskey({ userId: user.id, sessionId, actor: actorOf(user), response: authenticator.register(options) as never, name: 'Laptop' })
    const response = authenticator.authenticate(await startPasskeyAuthentication())
    const request = new Request(`${SITE}/resources/passkeys/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE, 'Sec-Fetch-Site': 'same-origin' },
      body: JSON.stringify({ response, redirectTo }),
    })
    const answer = await passkeySignInAction({ request, params: {}, context: { clientIp: ip } })
    expect(answer.status).toBe(200)
    return ((await answer.json()) as { redirectTo: string }).redirectTo
  }

  it('goes to the requested path of ours', async () => {
    expect(await signInWithRedirect('/settings/audit?action=session.', '198.51.100.90')).toBe('/settings/audit?action=session.')
  })

  it.each(hostile.map((value, i) => [value, `198.51.100.${i + 1}`]))(
    'stays on the site for redirectTo=%j',
    async (redirectTo, ip) => {
      const target = await signInWithRedirect(redirectTo!, ip!)
      expect(target).not.toMatch(/^\/[/\\]/)
      expect(destination(target).origin).toBe(SITE)
      expect(target).toBe('/dashboard')
    },
  )
})
