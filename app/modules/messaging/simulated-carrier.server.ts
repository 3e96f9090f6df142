import { randomBytes } from 'node:crypto'
import type { Carrier } from './carrier.server'

/**
 * The carrier of sandbox organizations and of development: it takes every
 * message at once. What then happens to it (delivered, undelivered, a STOP or
 * a free-text reply) is reported by the `carrier-simulate-outcomes` job a
 * moment later, through the same functions a carrier's webhooks call, and is
 * decided by the number alone (simulated-outcome.ts).
 */
export const simulatedCarrier: Carrier = {
  kind: 'simulated',
  async send(message) {
    // An MMS (one with media) is one message whatever its text, with an MM id as Twilio gives it.
    if (message.mediaUrls?.length) return { sid: `MM${randomBytes(16).toString('hex')}`, status: 'queued', numSegments: 1 }
    return { sid: `SM${randomBytes(16).toString('hex')}`, status: 'queued', numSegments: Math.max(1, Math.ceil(message.body.length / 153)) }
  },
  // It keeps no log: a call that never answered never reached it (its outcome job was never sent either).
  async findSent() {
    return null
  },
}
