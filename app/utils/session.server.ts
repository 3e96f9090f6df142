import { createCookie } from '@remix-run/node'
import { SESSION_ABSOLUTE_TIMEOUT_MS } from '~/modules/auth/sessions.server'
import { servedOverHttps } from './served-over-https.server'

/**
 * The session cookie holds only a random id. Wherever the app is served over
 * https it is a `__Host-` cookie (Secure, no Domain, Path=/), so no
 * subdomain and no plain-http page can set or read it; on a plain-http
 * origin (localhost) browsers would drop a Secure cookie, so it is neither.
 */
function sessionCookie(request: Request) {
  const secure = servedOverHttps(request)
  return createCookie(secure ? '__Host-esd_session' : 'esd_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_ABSOLUTE_TIMEOUT_MS / 1000,
  })
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie(request).parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length >= 32 && value.length <= 128 ? value : null
}

/** The `Set-Cookie` value that starts a session, for the response to `request`. */
export function serializeSessionToken(token: string, request: Request) {
  return sessionCookie(request).serialize(token)
}

export function clearSessionCookie(request: Request) {
  return sessionCookie(request).serialize('', { maxAge: 0, expires: new Date(0) })
}
