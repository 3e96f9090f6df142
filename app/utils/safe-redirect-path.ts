const ORIGIN = 'http://x.invalid'

/**
 * Only paths on this site: an open redirect would turn sign-in links into
 * phishing links. Browsers drop tabs and newlines from URLs and read `\` as
 * `/`, so `/\t/evil.com` leaves the site; such values are refused outright,
 * and whatever remains must resolve to our own origin.
 */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return fallback
  let url: URL
  try {
    url = new URL(value, ORIGIN)
  } catch {
    return fallback
  }
  if (url.origin !== ORIGIN) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}
