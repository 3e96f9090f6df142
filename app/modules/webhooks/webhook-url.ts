/**
 * Where an endpoint may point (docs/decisions/049): a production
 * organization's endpoints must be https and public (no localhost, loopback,
 * private or link-local address literal); a sandbox or test organization's
 * may also be plain http and local, so a developer can receive on their
 * machine. Answers the problem, or null when the URL is acceptable.
 */
export const WEBHOOK_URL_MAX = 2048

const PRIVATE_HOST = [
  /^localhost$/i,
  /\.localhost$/i,
  /^127\./,
  /^10\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^169\.254\./,
  /^0\./,
  /^\[?::1\]?$/,
  /^\[?f[cd][0-9a-f]{2}:/i,
  /^\[?fe80:/i,
]

export function webhookUrlProblem(value: string, environment: 'prod' | 'sandbox' | 'test'): string | null {
  if (value.length > WEBHOOK_URL_MAX) return `At most ${WEBHOOK_URL_MAX} characters.`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'Not a URL.'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Must be an https URL.'
  if (url.username || url.password) return 'Must not hold a user name or password; authenticate deliveries by their signature.'
  if (url.hash) return 'Must not have a #fragment.'
  if (environment === 'prod') {
    if (url.protocol !== 'https:') return 'A production organization’s endpoints must use https.'
    const host = url.hostname
    if (PRIVATE_HOST.some((re) => re.test(host))) return 'A production organization’s endpoints must be public addresses (no localhost or private network).'
  }
  return null
}
