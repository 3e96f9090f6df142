import { getEnv } from './env.server'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

function allowedOrigins(request: Request): Set<string> {
  const origins = new Set([new URL(request.url).origin])
  const appUrl = getEnv().APP_URL
  if (appUrl) origins.add(new URL(appUrl).origin)
  return origins
}

/**
 * Refuses a cookie-authenticated state change that a browser says came from
 * another site. Browsers send `Sec-Fetch-Site` (and `Origin`) on every POST,
 * so a forged cross-site form is always caught; a request with neither header
 * is not from a browser, so it cannot be carrying a victim's cookies.
 */
export function assertSameOrigin(request: Request) {
  if (safeMethods.has(request.method.toUpperCase())) return
  const site = request.headers.get('sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none') throw crossSiteResponse()
  const origin = request.headers.get('origin')
  if (origin && !allowedOrigins(request).has(origin)) throw crossSiteResponse()
}

function crossSiteResponse() {
  return new Response('Cross-site request refused', { status: 403, statusText: 'Forbidden' })
}
