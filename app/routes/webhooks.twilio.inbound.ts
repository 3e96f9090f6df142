import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { receiveInboundMessage } from '~/modules/messaging/receive-inbound-message.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { methodNotAllowed, plainText, readTwilioWebhook } from '~/utils/twilio-webhook.server'

// Any answer (a confirmation, the HELP text) is sent by receiveInboundMessage through the API, never as TwiML.
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

const inboundSchema = z.object({ MessageSid: z.string().min(1), From: z.string().min(1), To: z.string().min(1), Body: z.string().optional() })

/** Twilio's webhook for a message to one of our numbers, signed with the number's account token. */
export const action = resourceRoute(async ({ request }: ActionFunctionArgs) => {
  const webhook = await readTwilioWebhook(request, 'inbound')
  if (webhook instanceof Response) return webhook
  const input = inboundSchema.safeParse(webhook.params)
  if (!input.success) return plainText('MessageSid, From and To are required, once each.', 400)
  const { MessageSid, From, To, Body } = input.data
  await receiveInboundMessage({ carrierSid: MessageSid, from: From, to: To, body: Body ?? '', payload: webhook.params })
  return new Response(EMPTY_TWIML, { headers: { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' } })
})

export const loader = resourceRoute(() => methodNotAllowed())
