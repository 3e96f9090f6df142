import { randomBytes } from 'node:crypto'
import { liveblocksConfig } from '~/modules/realtime/liveblocks-config.server'
import { getEnv } from './env.server'
import { withMissingHeaders } from './with-missing-headers.server'

/**
 * The security headers of every response, on every host: our HTTP server
 * (scripts/lib/http-server.ts) sets them on everything it answers; on Vercel
 * entry.server (pages, loader and action data), `resourceRoute` and
 * vercel.json (static files) do. docs/decisions/010.
 */

export type SecurityHeaderConfig = {
  /** The app's public URL; HSTS only when it is https. */
  appUrl?: string
  /** Where the browser's realtime client connects besides our own origin (origins, http(s) and ws(s)). */
  connectSources: readonly string[]
}

/** A fresh nonce for one response's scripts and style elements. */
export function createCspNonce(): string {
  return randomBytes(16).toString('base64')
}

/**
 * Powerful features no page of ours uses are off; passkeys stay on for our
 * own pages only. Only features Chromium recognizes: it logs an error for any other.
 */
const permissionsPolicy = [
  'accelerometer=()',
  'browsing-topics=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-create=(self)',
  'publickey-credentials-get=(self)',
  'serial=()',
  'usb=()',
].join(', ')

/**
 * Scripts and style elements run only with this response's nonce (Remix's
 * inline scripts, the style tag Radix's scroll lock adds) or from our own
 * origin; no inline script, no `style` attribute in the HTML; nothing may
 * frame us. Without a nonce (data, files, APIs) no inline code runs at all.
 */
export function contentSecurityPolicy(options: { nonce?: string; connectSources: readonly string[]; framable?: boolean }): string {
  const nonce = options.nonce ? ` 'nonce-${options.nonce}'` : ''
  return [
    "default-src 'self'",
    `script-src 'self'${nonce}`,
    `style-src 'self'${nonce}`,
    ['connect-src', "'self'", ...options.connectSources].join(' '),
    // blob: for the preview of an image chosen in a form (an MMS template's), made by our own script.
    "img-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // A hosted lead form is made to be embedded in any site's page (docs/decisions/053); nothing else may be framed.
    options.framable ? 'frame-ancestors *' : "frame-ancestors 'none'",
  ].join('; ')
}

/** The pages any site may frame: a hosted lead form, /f/{slug} (docs/decisions/053). */
export function isFramablePath(pathname: string): boolean {
  return /^\/f\/[A-Za-z0-9_-]+\/?$/.test(pathname)
}

export function securityHeaders(config: SecurityHeaderConfig, options: { nonce?: string; framable?: boolean } = {}): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy({ nonce: options.nonce, connectSources: config.connectSources, framable: options.framable }),
    'X-Content-Type-Options': 'nosniff',
    // The origin only, and only over https: enough for map tiles restricted by referrer.
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': permissionsPolicy,
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
  if (config.appUrl && new URL(config.appUrl).protocol === 'https:') {
    headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains'
  }
  return headers
}

/** An absolute base URL's origin for HTTP and for WebSockets; nothing for a relative one (our own origin). */
function originsOf(baseUrl: string): string[] {
  if (!/^https?:\/\//.test(baseUrl)) return []
  const url = new URL(baseUrl)
  return [url.origin, `${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`]
}

/** The header configuration of this deployment, from its environment. */
export function securityHeaderConfig(): SecurityHeaderConfig {
  const realtime = liveblocksConfig()
  return {
    appUrl: getEnv().APP_URL,
    connectSources: realtime ? originsOf(realtime.publicBaseUrl) : [],
  }
}

/** This deployment's security headers, with a nonce for a page. */
export function appSecurityHeaders(options: { nonce?: string; framable?: boolean } = {}): Record<string, string> {
  return securityHeaders(securityHeaderConfig(), options)
}

/** The response with the security headers it lacks (a page or route may have set its own). */
export function withSecurityHeaders(response: Response, options: { nonce?: string } = {}): Response {
  return withMissingHeaders(response, appSecurityHeaders(options))
}
