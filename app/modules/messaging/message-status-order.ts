/** The statuses of our `messages` table. */
export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'unknown',
  'received',
  'canceled',
] as const

export type MessageStatus = (typeof MESSAGE_STATUSES)[number]

const FROM_TWILIO = new Map<string, MessageStatus>([
  ['accepted', 'queued'],
  ['scheduled', 'queued'],
  ['queued', 'queued'],
  ['sending', 'sending'],
  ['sent', 'sent'],
  ['delivered', 'delivered'],
  ['read', 'delivered'],
  ['undelivered', 'undelivered'],
  ['failed', 'failed'],
  ['canceled', 'canceled'],
  ['received', 'received'],
  ['receiving', 'received'],
])

/** Our status for a Twilio message status, or null for one we do not know. */
export function mapTwilioStatus(twilioStatus: string): MessageStatus | null {
  return FROM_TWILIO.get(twilioStatus) ?? null
}

const FINAL = 3
// How far a message has got. 'unknown' (the send's outcome was lost) comes
// after our own send and before anything the carrier reports.
const RANK: Record<MessageStatus, number> = {
  queued: 0,
  sending: 1,
  unknown: 1.5,
  sent: 2,
  delivered: FINAL,
  undelivered: FINAL,
  failed: FINAL,
  canceled: FINAL,
  received: FINAL,
}

/**
 * The status a message moves to when `incoming` arrives, or null when the
 * update must be ignored: a duplicate, a late callback, or anything after a
 * final status. Callbacks arrive out of order, so status only moves forward.
 */
export function nextStatus(current: MessageStatus, incoming: MessageStatus): MessageStatus | null {
  if (incoming === current || RANK[current] === FINAL) return null
  // Only inbound messages are received, and they are from the start.
  if (incoming === 'received') return null
  // Whatever the carrier reports settles it, even 'queued': the carrier has the message.
  if (current === 'unknown') return incoming
  return RANK[incoming] > RANK[current] ? incoming : null
}
