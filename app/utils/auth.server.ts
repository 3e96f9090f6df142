import type { AppLoadContext } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import type { UserActor } from '~/modules/audit/actor'
import { getSessionUser, type SessionUser } from '~/modules/auth/sessions.server'
import { assertSameOrigin } from './csrf.server'
import { userHasPermission, type PermissionString } from './permissions'
import { clientIp } from './request.server'
import { requestIdOf } from './request-context.server'
import { clearSessionCookie, readSessionToken } from './session.server'

export type CurrentUser = SessionUser['user']

type SessionLookup = { token: string | null; session: SessionUser | null }

// Every loader of one page load (root, layout, page) gets the same Request;
// look the session up once per request, not once per loader. Only for reads:
// after a form POST, the loaders must see what the action changed.
const lookups = new WeakMap<Request, Promise<SessionLookup>>()

function readSession(request: Request): Promise<SessionLookup> {
  const read = async (): Promise<SessionLookup> => {
    const token = await readSessionToken(request)
    return { token, session: token ? await getSessionUser(token) : null }
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return read()
  let lookup = lookups.get(request)
  if (!lookup) {
    lookup = read()
    lookups.set(request, lookup)
  }
  return lookup
}

/** The signed-in user (full session), or null. */
export async function getUser(request: Request): Promise<CurrentUser | null> {
  const { session } = await readSession(request)
  return session?.session.kind === 'full' ? session.user : null
}

function signInRedirect(request: Request) {
  const url = new URL(request.url)
  const target = `${url.pathname}${url.search}`
  const params = target === '/' ? '' : `?${new URLSearchParams({ redirectTo: target })}`
  return redirect(`/signin${params}`)
}

/**
 * The signed-in user, or a redirect to sign in that comes back here. State
 * changes (non-GET) must also come from our own pages (CSRF). A recovery
 * session can only finish its recovery.
 */
export async function requireUser(request: Request): Promise<CurrentUser> {
  return (await requireUserSession(request)).user
}

/**
 * `requireUser`, plus the id of the session it came from (and, with
 * `permission`, `requireUserWithPermission`): step-up proofs belong to a
 * session. The id stays on the server; it is not part of `CurrentUser`,
 * which layouts send to the browser.
 */
export async function requireUserSession(
  request: Request,
  permission?: PermissionString,
): Promise<{ user: CurrentUser; sessionId: string }> {
  assertSameOrigin(request)
  const { token, session } = await readSession(request)
  if (session?.session.kind === 'full') {
    if (permission) assertPermission(session.user, permission)
    return { user: session.user, sessionId: session.session.id }
  }
  if (session?.session.kind === 'recovery') throw redirect('/recover/passkey')
  const response = signInRedirect(request)
  if (token) response.headers.set('Set-Cookie', await clearSessionCookie(request))
  throw response
}

function assertPermission(user: CurrentUser, permission: PermissionString) {
  if (!userHasPermission(user, permission)) {
    throw new Response('You do not have access to this page. Ask an administrator.', { status: 403 })
  }
}

export async function requireUserId(request: Request): Promise<string> {
  return (await requireUser(request)).id
}

/** The signed-in user if they hold `permission`; otherwise 403 (a page that says so). */
export async function requireUserWithPermission(request: Request, permission: PermissionString): Promise<CurrentUser> {
  return (await requireUserSession(request, permission)).user
}

/** The user of a recovery session (who must register a new passkey), or null. */
export async function getRecoveryUser(request: Request): Promise<CurrentUser | null> {
  const { session } = await readSession(request)
  return session?.session.kind === 'recovery' ? session.user : null
}

/** The audit actor for a signed-in user's request. */
export function actorForUser(user: CurrentUser, request: Request, context?: AppLoadContext): UserActor {
  return {
    type: 'user',
    userId: user.id,
    organizationId: user.organization.id,
    label: user.email,
    impersonatorId: user.impersonating ? user.id : null,
    requestId: requestIdOf(request, context),
    ip: clientIp(request, context),
  }
}
