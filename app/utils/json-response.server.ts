/**
 * A JSON response. Not `Response.json()`: Vercel's Remix handler installs
 * Remix's fetch polyfills as globals, and their `Response` has no static
 * `json` (tests/integration/vercel-function.integration.test.ts).
 */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers)
  if (!headers.has('content-type')) headers.set('content-type', 'application/json; charset=utf-8')
  return new Response(JSON.stringify(body), { ...init, headers })
}
