import { getEnv } from './env.server'

/**
 * Whether the app is served over https, which decides whether cookies are
 * Secure. APP_URL says so when it is set (a staging site on https gets
 * Secure cookies whatever APP_ENV is). Without it, the request's own scheme
 * as our server sees it: the socket's, or X-Forwarded-Proto from a proxy
 * TRUST_PROXY trusts (on Vercel, the platform's).
 */
export function servedOverHttps(request: Request): boolean {
  const appUrl = getEnv().APP_URL
  return new URL(appUrl ?? request.url).protocol === 'https:'
}
