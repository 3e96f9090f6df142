import { describe, expect, it } from 'vitest'
import { MESSAGE_STATUSES, mapTwilioStatus, nextStatus, type MessageStatus } from './message-status-order'

describe('mapTwilioStatus', () => {
  it.each([
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
  ])('%s → %s', (twilioStatus, status) => {
    expect(mapTwilioStatus(twilioStatus)).toBe(status)
  })

  it.each(['', 'unknown', 'partially_delivered', 'DELIVERED', ' sent', 'cancelled', 'constructor', '__proto__'])(
    '%j → null',
    (twilioStatus) => {
      expect(mapTwilioStatus(twilioStatus)).toBeNull()
    },
  )
})

// For each current status, the incoming statuses that replace it; every other one is ignored.
const ACCEPTED: Record<MessageStatus, MessageStatus[]> = {
  queued: ['sending', 'unknown', 'sent', 'delivered', 'undelivered', 'failed', 'canceled'],
  sending: ['unknown', 'sent', 'delivered', 'undelivered', 'failed', 'canceled'],
  unknown: ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled'],
  sent: ['delivered', 'undelivered', 'failed', 'canceled'],
  delivered: [],
  undelivered: [],
  failed: [],
  canceled: [],
  received: [],
}

function applyAll(start: MessageStatus, incoming: MessageStatus[]): MessageStatus {
  return incoming.reduce((status, next) => nextStatus(status, next) ?? status, start)
}

describe('nextStatus', () => {
  const pairs = MESSAGE_STATUSES.flatMap((current) =>
    MESSAGE_STATUSES.map(
      (incoming) => [current, incoming, ACCEPTED[current].includes(incoming) ? incoming : null] as const,
    ),
  )

  it('the table covers every pair', () => {
    expect(pairs).toHaveLength(81)
  })

  it.each(pairs)('%s + %s → %s', (current, incoming, expected) => {
    expect(nextStatus(current, incoming)).toBe(expected)
  })

  it.each(MESSAGE_STATUSES)('%s again is a duplicate', (status) => {
    expect(nextStatus(status, status)).toBeNull()
  })

  it.each([
    ['in order', ['sending', 'sent', 'delivered'], 'delivered'],
    ['a late sent after delivered', ['sending', 'delivered', 'sent'], 'delivered'],
    ['queued and sending after sent', ['sent', 'queued', 'sending'], 'sent'],
    ['reversed', ['delivered', 'sent', 'sending', 'queued'], 'delivered'],
    ['repeated', ['sent', 'sent', 'delivered', 'delivered'], 'delivered'],
    ['failed then delivered', ['sent', 'failed', 'delivered'], 'failed'],
    ['undelivered then failed', ['undelivered', 'failed'], 'undelivered'],
    ['canceled then sent', ['canceled', 'sent'], 'canceled'],
    ['a received callback on an outbound message', ['received', 'sent'], 'sent'],
  ] as const)('callbacks %s', (_case, incoming, expected) => {
    expect(applyAll('queued', [...incoming])).toBe(expected)
  })

  it.each([
    ['queued', ['queued', 'sent', 'delivered'], 'delivered'],
    ['sent', ['sent'], 'sent'],
    ['late', ['delivered', 'sent'], 'delivered'],
    ['failed', ['failed'], 'failed'],
  ] as const)('unknown is settled by the carrier (%s)', (_case, incoming, expected) => {
    expect(applyAll('unknown', [...incoming])).toBe(expected)
  })

  it('a lost send outcome does not undo what the carrier already reported', () => {
    expect(applyAll('sending', ['sent', 'unknown'])).toBe('sent')
    expect(applyAll('sending', ['unknown', 'delivered', 'unknown'])).toBe('delivered')
  })

  it('an inbound message stays received', () => {
    expect(applyAll('received', ['queued', 'sent', 'delivered', 'failed', 'unknown'])).toBe('received')
  })
})
