import { ServerClient } from 'postmark'

export type PostmarkClient = ServerClient

export type CreatePostmarkClientOptions = {
  serverToken: string
  /** A Postmark-compatible origin (tests' fake, a proxy), optionally with a path prefix; unset means api.postmarkapp.com. */
  apiBaseUrl?: string
  /** Whole-request deadline; the SDK's default is 180 s. */
  timeoutMs?: number
}

/**
 * The SDK builds its URLs as `http(s)://{requestHost}{path}`, so a base URL
 * becomes `useHttps` plus a `requestHost` that keeps any path prefix. Only the
 * origin changes: the SDK still adds the token header and JSON-encodes the
 * body itself, so a fake sees exactly what Postmark would.
 */
export function createPostmarkClient({ serverToken, apiBaseUrl, timeoutMs }: CreatePostmarkClientOptions): PostmarkClient {
  const base = apiBaseUrl ? new URL(apiBaseUrl) : null
  return new ServerClient(serverToken, {
    ...(base ? { useHttps: base.protocol === 'https:', requestHost: `${base.host}${base.pathname.replace(/\/+$/, '')}` } : {}),
    // The SDK counts in seconds.
    ...(timeoutMs !== undefined ? { timeout: timeoutMs / 1000 } : {}),
  })
}
