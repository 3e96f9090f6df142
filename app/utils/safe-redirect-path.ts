const ORIGIN = 'http://x.invalid'

/** The value as the browser will follow it (resolved against our origin), or null when that is not a path of ours. */
function normalizedPath(value: unknown): string | null {
  // Browsers drop tabs and newlines from URLs and read `\` as `/`, so such
  // input is refused outright rather than reasoned about.
  if (typeof value !== 'string' || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return null
  let url: URL
  try {
    url = new URL(value, ORIGIN)
  } catch {
    return null
  }
  if (url.origin !== ORIGIN) return null
  const path = `${url.pathname}${url.search}${url.hash}`
  // Dot segments can leave a path that starts with `//` (`/.//evil.com`,
  // `/%2e//evil.com`): sent as a Location, that is another host.
  return /^\/[/\\]/.test(path) ? null : path
}

/**
 * Only paths on this site: an open redirect would turn sign-in links into
 * phishing links. The check is on what we return: resolved by a browser
 * against our origin it stays there, it never starts with `//` or `/\`, and
 * checking it again returns it unchanged.
 */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
  const path = normalizedPath(value)
  return path !== null && normalizedPath(path) === path ? path : fallback
}
