import type { ActionFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { recordMessageStatus } from '~/modules/messaging/record-message-status.server'
import { resourceRoute } from '~/utils/resource-route.server'
import { methodNotAllowed, plainText, readTwilioWebhook } from '~/utils/twilio-webhook.server'

const statusSchema = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  // Twilio sends it on a failure only; an empty value means none.
  ErrorCode: z.string().regex(/^\d*$/).optional(),
})

/** Twilio's status callback for a message we sent, signed with its account's token. */
export const action = resourceRoute(async ({ request }: ActionFunctionArgs) => {
  const webhook = await readTwilioWebhook(request, 'status')
  if (webhook instanceof Response) return webhook
  const input = statusSchema.safeParse(webhook.params)
  if (!input.success) return plainText('MessageSid and MessageStatus are required, once each; ErrorCode is a number.', 400)
  const { MessageSid, MessageStatus, ErrorCode } = input.data
  await recordMessageStatus({ carrierSid: MessageSid, status: MessageStatus, errorCode: ErrorCode ? Number(ErrorCode) : null, payload: webhook.params })
  return new Response(null, { status: 204 })
})

export const loader = resourceRoute(() => methodNotAllowed())
