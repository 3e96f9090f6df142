import { authenticateTwilioWebhook } from '~/modules/messaging/authenticate-twilio-webhook.server'

/**
 * The HTTP side of Twilio's webhooks, shared by /webhooks/twilio/inbound and
 * /status: reads the request (path and query as received, the form body, the
 * signature) and has it authenticated; a refusal is the Response to send.
 */
export async function readTwilioWebhook(request: Request, kind: 'inbound' | 'status'): Promise<{ params: Record<string, string | string[]> } | Response> {
  if (request.method !== 'POST') return methodNotAllowed()
  const url = new URL(request.url)
  const webhook = await authenticateTwilioWebhook({
    kind,
    path: url.pathname + url.search,
    form: new URLSearchParams(await request.text()),
    signature: request.headers.get('x-twilio-signature'),
  })
  return webhook.ok ? { params: webhook.params } : plainText(webhook.reason, webhook.status)
}

export function methodNotAllowed() {
  return plainText('Use POST for this endpoint.', 405, { allow: 'POST' })
}

export function plainText(body: string, status: number, headers: Record<string, string> = {}) {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } })
}
