import type { AppLoadContext } from '@remix-run/node'

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
 * The client's address. Our own server (npm start) resolves it from the
 * socket and TRUST_PROXY; on Vercel the platform's x-forwarded-for is the
 * only source, and Vercel overwrites that header itself.
 */
export function clientIp(request: Request, context?: AppLoadContext): string | null {
  if (context && 'clientIp' in context) return context.clientIp ?? null
  const forwarded = request.headers.get('x-forwarded-for')
  return forwarded ? forwarded.split(',')[0]!.trim() || null : null
}
