import { isPrivateWebhookHost } from '~/utils/private-host'
/**
 * Where an endpoint may point (docs/decisions/049): a production
 * organization's endpoints must be https; on a production deployment
 * (APP_ENV=production) every organization's, sandboxes too, must be public
 * (no localhost, loopback, private or link-local address literal:
 * app/utils/private-host.ts). Elsewhere a sandbox or test organization's may
 * be plain http and local, so a developer can receive on their machine.
 * Answers the problem, or null when the URL is acceptable.
 */
export const WEBHOOK_URL_MAX = 2048


export function webhookUrlProblem(value: string, environment: 'prod' | 'sandbox' | 'test', deployment: { production: boolean }): string | null {
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
  if (environment === 'prod' && url.protocol !== 'https:') return 'A production organization’s endpoints must use https.'
  if ((environment === 'prod' || deployment.production) && isPrivateWebhookHost(url.hostname)) {
    return 'Endpoints must be public addresses (no localhost or private network).'
  }
  return null
}
