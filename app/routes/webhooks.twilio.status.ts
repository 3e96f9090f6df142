import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { authenticateTwilioWebhook } from '~/modules/messaging/authenticate-twilio-webhook.server'
import { recordMessageStatus } from '~/modules/messaging/record-message-status.server'
import { resourceRoute } from '~/utils/resource-route.server'

const statusSchema = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  // Twilio sends it on a failure only; an empty value means none.
  ErrorCode: z.string().regex(/^\d*$/).optional(),
})

/** Twilio's status callback for a message we sent, signed with its account's token. */
export const action = resourceRoute(async ({ request }: ActionFunctionArgs) => {
  if (request.method !== 'POST') return methodNotAllowed()
  const url = new URL(request.url)
  const webhook = await authenticateTwilioWebhook({
    kind: 'status',
    path: url.pathname + url.search,
    form: new URLSearchParams(await request.text()),
    signature: request.headers.get('x-twilio-signature'),
  })
  if (!webhook.ok) return plainText(webhook.reason, webhook.status)
  const input = statusSchema.safeParse(webhook.params)
  if (!input.success) return plainText('MessageSid and MessageStatus are required, once each; ErrorCode is a number.', 400)
  const { MessageSid, MessageStatus, ErrorCode } = input.data
  await recordMessageStatus({ carrierSid: MessageSid, status: MessageStatus, errorCode: ErrorCode ? Number(ErrorCode) : null, payload: webhook.params })
  return new Response(null, { status: 204 })
})

export const loader = resourceRoute(() => methodNotAllowed())

function methodNotAllowed() {
  return plainText('Use POST for this endpoint.', 405, { allow: 'POST' })
}

function plainText(body: string, status: number, headers: Record<string, string> = {}) {
  return new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', ...headers } })
}
