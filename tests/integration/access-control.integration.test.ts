import { randomUUID } from 'node:crypto'
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { describe, expect, it } from 'vitest'
import type { UserActor } from '~/modules/audit/actor'
import { createSignInLink } from '~/modules/auth/create-sign-in-link.server'
import { createSession, getSessionUser } from '~/modules/auth/sessions.server'
import { storeChallenge } from '~/modules/auth/webauthn-challenges.server'
import { createApiKey } from '~/modules/integrations/create-api-key.server'
import { inviteUser } from '~/modules/orgs/invite-user.server'
import { pageRoomId } from '~/modules/realtime/rooms'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { serializeSessionToken } from '~/utils/session.server'
import { startFakeHttpServer } from '../fakes/fake-http-server'
import { createOrganization, createUser, sessionCookieFor, steppedUpSessionFor } from '../support/factories'

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

// Bearer- or signature-authenticated endpoints never read the session cookie
// (the upload endpoints do: the browser uploader signs in with it). Carrier
// webhooks (webhooks.*) come from the carrier's servers, cross-site by nature,
// and are refused unless signed (webhooks.twilio.integration.test.ts).
const bearerRoutes = (file: string) =>
  (file.startsWith('api.v1.') && !file.startsWith('api.v1.uploads')) || file === 'api.inngest.ts' || file.startsWith('webhooks.')

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
        // An API route without a POST operation answers 405 before anything runs (api.v1.uploads.$id.ts; its cross-site PATCH and DELETE are refused in api.v1.uploads.integration.test.ts).
        const operations = (mod.action as { apiOperations?: { method: string }[] }).apiOperations
        const refusal = operations && !operations.some((operation) => operation.method === 'POST') ? 405 : 403
        expect({ file, status }).toEqual({ file, status: refusal })
      }
      checked.push(file)
    }
    expect(checked.length).toBeGreaterThanOrEqual(12)
    expect(checked).toEqual(expect.arrayContaining(['api.v1.uploads.ts', 'api.v1.uploads.$id.ts']))
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

/**
 * What no GET may change. Two columns are bookkeeping that reading may
 * legitimately write, and only they are left out: a session's last_seen_at
 * (the idle timeout's touch) and an API key's last_used_at.
 */
async function guardedState() {
  const [sessions, signInTokens, webauthnChallenges, invitations, auditLog, apiKeys] = await Promise.all([
    prisma.session.findMany({ omit: { lastSeenAt: true }, orderBy: { id: 'asc' } }),
    prisma.signInToken.findMany({ orderBy: { id: 'asc' } }),
    prisma.webAuthnChallenge.findMany({ orderBy: { id: 'asc' } }),
    prisma.invitation.findMany({ orderBy: { id: 'asc' } }),
    prisma.auditLog.findMany({ orderBy: { id: 'asc' } }),
    prisma.apiKey.findMany({ omit: { lastUsedAt: true }, orderBy: { id: 'asc' } }),
  ])
  return { sessions, signInTokens, webauthnChallenges, invitations, auditLog, apiKeys }
}

/** Downloads that record who took what: the audit action each adds. */
const EXPORTS: Record<string, string> = { '_app.settings.audit[.]csv.ts': 'audit.exported', '_app.leads[.]csv.ts': 'leads.exported' }

describe('GET', () => {
  it('never signs anyone out, uses up a link, or changes a session, challenge, invitation, audit row or API key', async () => {
    const organization = await createOrganization()
    const admin = await createUser({ organizationId: organization.id, role: 'admin' })
    const { token } = await createSession({ userId: admin.id })
    const cookie = (await serializeSessionToken(token, new Request('http://localhost:3000/'))).split(';')[0]!
    const actor: UserActor = { type: 'user', userId: admin.id, organizationId: organization.id, label: admin.email }
    const baseUrl = 'http://localhost:3000'
    // Real, unused links, so the link pages' loaders see a valid token (as an email client's link preview would).
    const links: Record<string, string> = {
      'signin.link.tsx': (await createSignInLink({ userId: admin.id, baseUrl })).url,
      'recover.link.tsx': (await createSignInLink({ userId: admin.id, baseUrl, purpose: 'recovery' })).url,
      'invite.accept.tsx': (
        await inviteUser({ actor, organizationId: organization.id, email: 'invitee@example.test', role: 'operator', baseUrl, inviterName: admin.name })
      ).url,
    }
    const { key } = await createApiKey({
      organizationId: organization.id,
      actor,
      sessionId: (await steppedUpSessionFor(admin.id)).sessionId,
      name: 'GET sweep',
      scopes: ['leads:read'],
    })
    await storeChallenge({ challenge: 'pending-authentication-challenge', purpose: 'authentication' })

    const checked: string[] = []
    for (const [path, load] of Object.entries(routes)) {
      const file = routeFile(path)
      const mod = await load()
      if (!mod.loader) continue
      const request = new Request(links[file] ?? `${baseUrl}/x`, { headers: { cookie, authorization: `Bearer ${key}` } })
      const before = await guardedState()
      const status = await outcome(() => mod.loader!({ request, params: {}, context: {} }))
      if (links[file]) expect({ file, status }).toEqual({ file, status: 200 })
      const after = await guardedState()
      const exported = EXPORTS[file]
      if (exported) {
        // Exporting the audit log or leads is itself audited (one row); the only row a GET may add.
        const added = after.auditLog.slice(before.auditLog.length)
        expect(added).toEqual([expect.objectContaining({ action: exported, actorId: admin.id })])
        after.auditLog = after.auditLog.slice(0, before.auditLog.length)
      }
      expect({ file, ...after }).toEqual({ file, ...before })
      checked.push(file)
    }
    expect(checked).toEqual(expect.arrayContaining(['signout.ts', ...Object.keys(links), ...Object.keys(EXPORTS), 'api.v1.me.ts']))
    expect(checked.length).toBeGreaterThanOrEqual(20)
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

  it('are "not found" for realtime too: another organization’s room answers exactly as a room that does not exist', async () => {
    const liveblocks = await startFakeHttpServer()
    liveblocks.route('POST', '/v2/authorize-user', () => ({ status: 200, json: { token: 'room-token' } }))
    const saved = { LIVEBLOCKS_SECRET_KEY: process.env.LIVEBLOCKS_SECRET_KEY, LIVEBLOCKS_BASE_URL: process.env.LIVEBLOCKS_BASE_URL }
    delete process.env.LIVEBLOCKS_SECRET_KEY
    process.env.LIVEBLOCKS_BASE_URL = liveblocks.url
    resetEnv()
    try {
      const user = await createUser()
      const theirs = await createOrganization()
      const cookie = await sessionCookieFor(user.id)
      const { action } = await import('~/routes/api.liveblocks-auth')
      const ask = async (room: unknown) => {
        const request = new Request('http://localhost:3000/api/liveblocks-auth', {
          method: 'POST',
          headers: { cookie, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' },
          body: JSON.stringify({ room }),
        })
        const response = await action({ request, params: {}, context: {} })
        return { status: response.status, body: await response.text() }
      }

      const own = await ask(pageRoomId(user.organizationId, '/dashboard'))
      expect(own.status).toBe(200)
      expect(JSON.parse(own.body)).toEqual({ token: 'room-token' })

      const nowhere = await ask(pageRoomId(randomUUID(), '/dashboard'))
      expect(nowhere).toEqual({ status: 404, body: JSON.stringify({ error: 'No such room' }) })
      const refused = [
        pageRoomId(theirs.id, '/dashboard'),
        // Our id glued after theirs is still their room.
        `org:${theirs.id}:org:${user.organizationId}:page:/dashboard`,
        42,
        null,
        [pageRoomId(user.organizationId, '/dashboard')],
      ]
      for (const room of refused) expect({ room, ...(await ask(room)) }).toEqual({ room, ...nowhere })
      // Only our own room ever reached Liveblocks.
      expect(liveblocks.requests).toHaveLength(1)
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
      resetEnv()
      await liveblocks.close()
    }
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
    const cookie = (await serializeSessionToken(token, new Request('http://localhost:3000/'))).split(';')[0]!
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
