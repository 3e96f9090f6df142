import { createCookie } from '@remix-run/node'
import { SESSION_ABSOLUTE_TIMEOUT_MS } from '~/modules/auth/sessions.server'
import { getEnv } from './env.server'

/**
 * The session cookie holds only a random id. In production it is a
 * `__Host-` cookie (Secure, no Domain, Path=/) so no subdomain can set it.
 */
function sessionCookie() {
  const secure = getEnv().APP_ENV === 'production'
  return createCookie(secure ? '__Host-esd_session' : 'esd_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_ABSOLUTE_TIMEOUT_MS / 1000,
  })
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length >= 32 && value.length <= 128 ? value : null
}

export function serializeSessionToken(token: string) {
  return sessionCookie().serialize(token)
}

export function clearSessionCookie() {
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}
