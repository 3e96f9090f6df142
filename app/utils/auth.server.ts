import { redirect } from '@remix-run/node'
import { getSessionUser, type SessionUser } from '~/modules/auth/sessions.server'
import { clearSessionCookie, readSessionToken } from './session.server'

export type CurrentUser = SessionUser['user']

/** The signed-in user, or null. */
export async function getUser(request: Request): Promise<CurrentUser | null> {
  const token = await readSessionToken(request)
  if (!token) return null
  const session = await getSessionUser(token)
  return session?.user ?? null
}

function signInRedirect(request: Request) {
  const url = new URL(request.url)
  const target = `${url.pathname}${url.search}`
  const params = target === '/' ? '' : `?${new URLSearchParams({ redirectTo: target })}`
  return redirect(`/signin${params}`)
}

/** The signed-in user, or a redirect to the sign-in page that comes back here. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const token = await readSessionToken(request)
  const session = token ? await getSessionUser(token) : null
  if (session) return session.user
  const response = signInRedirect(request)
  if (token) response.headers.set('Set-Cookie', await clearSessionCookie())
  throw response
}

export async function requireUserId(request: Request): Promise<string> {
  return (await requireUser(request)).id
}

/** Only `/…` paths on this site: an open redirect would turn sign-in links into phishing links. */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return fallback
  }
  return value
}
