/**
 * The response with those of `headers` it does not already carry (a route
 * may have set its own). The headers of a fetched or `Response.redirect()`
 * response are immutable: such a response is copied.
 */
export function withMissingHeaders(response: Response, headers: Record<string, string>): Response {
  const missing = Object.entries(headers).filter(([name]) => !response.headers.has(name))
  if (missing.length === 0) return response
  try {
    for (const [name, value] of missing) response.headers.set(name, value)
    return response
  } catch {
    const copy = new Response(response.body, response)
    for (const [name, value] of missing) copy.headers.set(name, value)
    return copy
  }
}
