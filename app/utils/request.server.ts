import type { AppLoadContext } from '@remix-run/node'
import { getEnv } from './env.server'
import { normalizeIp } from './ip-address.server'

declare module '@remix-run/node' {
  interface AppLoadContext {
    requestId?: string
    /** The peer address as our HTTP server saw it, after its TRUST_PROXY rules. */
    clientIp?: string | null
    /** The Content-Security-Policy nonce our HTTP server put in this response's headers. */
    cspNonce?: string
  }
}

/**
 * The client's address, for audit rows and rate limits. Our own server
 * (npm start) resolves it from the socket and TRUST_PROXY. On Vercel it is
 * the address Vercel's edge puts in `x-real-ip` (`x-vercel-forwarded-for`
 * as a second source), which a client cannot set. Anywhere else nobody
 * vouches for the request's headers, so X-Forwarded-For is never read:
 * its left-most entry is whatever the client wrote.
 */
export function clientIp(request: Request, context?: AppLoadContext): string | null {
  if (context && 'clientIp' in context) return normalizeIp(context.clientIp)
  if (!getEnv().VERCEL) return null
  return normalizeIp(request.headers.get('x-real-ip')) ?? normalizeIp(request.headers.get('x-vercel-forwarded-for'))
}
