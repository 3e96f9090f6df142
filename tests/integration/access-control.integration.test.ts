import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { describe, expect, it } from 'vitest'
import { createSession, getSessionUser } from '~/modules/auth/sessions.server'
import { prisma } from '~/utils/db.server'
import { serializeSessionToken } from '~/utils/session.server'
import { createOrganization, createUser, sessionCookieFor } from '../support/factories'

/**
 * Route-level guarantees, checked over every route module rather than one
 * by one, so a new route cannot forget them.
 */

type RouteModule = {
  action?: (args: ActionFunctionArgs) => Promise<Response> | Response
  loader?: (args: LoaderFunctionArgs) => Promise<unknown> | unknown
}

const routes = import.meta.glob<RouteModule>(['/app/routes/*.{ts,tsx}', '!/app/routes/*.test.{ts,tsx}'])
const routeFile = (path: string) => path.split('/').pop()!

// Bearer- or signature-authenticated endpoints never read the session cookie.
const bearerRoutes = (file: string) => file.startsWith('api.v1.') || file === 'api.inngest.ts'

/** The HTTP status a loader or action produced: a Response, Remix's `data()` or plain data. */
async function outcome(run: () => unknown): Promise<number> {
  try {
    const result = await run()
    if (result instanceof Response) return result.status
    const init = (result as { type?: string; init?: { status?: number } } | null)?.init
    return (result as { type?: string } | null)?.type === 'DataWithResponseInit' ? (init?.status ?? 200) : 200
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status
    throw thrown
  }
}

describe('every form action', () => {
  it('refuses a cross-site POST with 403, even with a valid session cookie', async () => {
    const admin = await createUser({ role: 'admin' })
    const cookie = await sessionCookieFor(admin.id)
    const checked: string[] = []
    for (const [path, load] of Object.entries(routes)) {
      const file = routeFile(path)
      const mod = await load()
      if (!mod.action || bearerRoutes(file)) continue
      const variants: Record<string, string>[] = [
        { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example' },
        { Origin: 'https://evil.example' },
      ]
      for (const headers of variants) {
        const request = new Request('http://localhost:3000/x', {
          method: 'POST',
          headers: { cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams({ intent: 'profile', name: 'Mallory', theme: 'dark' }),
        })
        const status = await outcome(() => mod.action!({ request, params: {}, context: {} }))
        expect({ file, status }).toEqual({ file, status: 403 })
      }
      checked.push(file)
    }
    expect(checked.length).toBeGreaterThanOrEqual(12)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).name).toBe(admin.name)
  })

  it('accepts the same POST from our own pages', async () => {
    const user = await createUser()
    const cookie = await sessionCookieFor(user.id)
    const { action } = await import('~/routes/resources.theme')
    const request = new Request('http://localhost:3000/resources/theme', {
      method: 'POST',
      headers: { cookie, 'Sec-Fetch-Site': 'same-origin', Origin: 'http://localhost:3000' },
      body: new URLSearchParams({ theme: 'dark' }),
    })
    await action({ request, params: {}, context: {} })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).themePreference).toBe('dark')
  })
})

describe('GET', () => {
  it('never signs anyone out or uses up a link', async () => {
    const user = await createUser()
    const { token } = await createSession({ userId: user.id })
    const cookie = (await serializeSessionToken(token)).split(';')[0]!
    const signout = await import('~/routes/signout')
    await outcome(() => signout.loader!())
    const request = new Request('http://localhost:3000/signout', { headers: { cookie } })
    expect(request.method).toBe('GET')
    expect(await getSessionUser(token)).not.toBeNull()
  })
})

describe('another organization’s records', () => {
  it('are "not found" through the team page’s actions, never "forbidden"', async () => {
    const mine = await createUser({ role: 'admin' })
    const theirs = await createUser({ organizationId: (await createOrganization()).id })
    const { action } = await import('~/routes/_app.settings.team')
    const request = new Request('http://localhost:3000/settings/team', {
      method: 'POST',
      headers: { cookie: await sessionCookieFor(mine.id), 'Sec-Fetch-Site': 'same-origin' },
      body: new URLSearchParams({ intent: 'change-role', userId: theirs.id, role: 'admin' }),
    })
    expect(await outcome(() => action({ request, params: {}, context: {} }))).toBe(404)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: theirs.id } })).role).toBe('operator')
  })
})

describe('pages by role', () => {
  const get = (path: string, cookie?: string) =>
    new Request(`http://localhost:3000${path}`, { headers: cookie ? { cookie } : {} })

  it('send the signed-out to sign in, and keep operators out of settings and the platform', async () => {
    const operator = await createUser({ role: 'operator' })
    const admin = await createUser({ role: 'admin' })
    const settings = await import('~/routes/_app.settings')
    const team = await import('~/routes/_app.settings.team')
    const platform = await import('~/routes/_app.platform')

    const anonymous = await outcome(() => team.loader({ request: get('/settings/team'), params: {}, context: {} }))
    expect(anonymous).toBe(302)
    const operatorCookie = await sessionCookieFor(operator.id)
    expect(await outcome(() => settings.loader({ request: get('/settings/team', operatorCookie), params: {}, context: {} }))).toBe(403)
    expect(await outcome(() => team.loader({ request: get('/settings/team', operatorCookie), params: {}, context: {} }))).toBe(403)
    const adminCookie = await sessionCookieFor(admin.id)
    expect(await outcome(() => team.loader({ request: get('/settings/team', adminCookie), params: {}, context: {} }))).toBe(200)
    expect(await outcome(() => platform.loader({ request: get('/platform', adminCookie), params: {}, context: {} }))).toBe(403)
  })

  it('confine a recovery session to registering a passkey', async () => {
    const user = await createUser()
    const { token } = await createSession({ userId: user.id, kind: 'recovery' })
    const cookie = (await serializeSessionToken(token)).split(';')[0]!
    const dashboard = await import('~/routes/_app.dashboard')
    let location: string | null = null
    try {
      await dashboard.loader({ request: get('/dashboard', cookie), params: {}, context: {} })
    } catch (thrown) {
      location = thrown instanceof Response ? thrown.headers.get('location') : null
    }
    expect(location).toBe('/recover/passkey')
  })
})
