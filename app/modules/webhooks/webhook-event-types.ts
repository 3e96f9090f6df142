/**
 * The events an endpoint can subscribe to, with what each means. Shared by
 * the server, the API's schemas and the settings page, so this file must
 * stay free of server-only imports. `webhook.test` is not subscribable: it
 * goes only to the endpoint a test was sent to.
 */
export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.updated',
  'import.completed',
  'message.sent',
  'message.delivered',
  'message.failed',
  'message.received',
  'consent.opted_out',
  'consent.opted_in',
  'conversation.updated',
  'campaign.completed',
] as const

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/** What a delivery's body can be: a subscribable type, or the test event. */
export type WebhookPayloadType = WebhookEventType | 'webhook.test'

export const WEBHOOK_TEST_EVENT = 'webhook.test' as const

export const WEBHOOK_EVENT_DESCRIPTIONS: Record<WebhookEventType, string> = {
  'lead.created': 'A lead was created (through the API or an import’s record-by-record path)',
  'lead.updated': 'A lead was changed',
  'import.completed': 'An import finished merging its rows (its counts, and the consent events it recorded, come with it)',
  'message.sent': 'The carrier accepted an outbound message',
  'message.delivered': 'The carrier reported an outbound message delivered',
  'message.failed': 'An outbound message failed or went undelivered',
  'message.received': 'Someone texted one of the organization’s numbers',
  'consent.opted_out': 'A number opted out (a STOP reply, a revocation, or one recorded through the app or API)',
  'consent.opted_in': 'A number opted back in or consent was granted (a START reply, or one recorded through the app or API)',
  'conversation.updated': 'A conversation changed: a new inbound or outbound message in it, or it was closed, reopened or assigned',
  'campaign.completed': 'A campaign finished sending (everything sent, or past its end date)',
}

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)
}
