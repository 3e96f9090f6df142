import { randomUUID } from 'node:crypto'
import { pool } from '~/utils/db.server'
import { inngest } from '../../../inngest/client'
import { simulatedCarrierAccepted } from '../../../inngest/events'
import { carrierForAccount } from './carrier.server'
import { sendReservedNow, type Claimed } from './dispatch-sender-queue.server'

export type ServiceReplyKind = 'opt_out_confirmation' | 'opt_in_confirmation' | 'help'

export function serviceReplyText(kind: ServiceReplyKind, organization: { name: string; helpText: string | null }) {
  switch (kind) {
    case 'opt_out_confirmation':
      return `${organization.name}: You are unsubscribed and will receive no more messages. Reply START to resubscribe.`
    case 'opt_in_confirmation':
      return `${organization.name}: You are resubscribed. Reply STOP to opt out, HELP for help.`
    case 'help':
      return organization.helpText ?? `${organization.name}: Reply STOP to opt out. Msg & data rates may apply.`
  }
}

/**
 * Answers an inbound message at once from the number it was sent to: the
 * one confirmation of an opt-out (or opt-in), or the HELP text. These are
 * the messages carriers require even to a number that just opted out, so
 * they pass no marketing rule; the inbound message's carrier id is the
 * idempotency key, so it is one answer per message, whatever retries the
 * webhook gets.
 */
export async function sendServiceReply(options: { organizationId: string; inboundCarrierSid: string; from: string; to: string; kind: ServiceReplyKind }) {
  const { rows } = await pool.query<{
    name: string; help_text: string | null; sender_id: string | null; kind: 'twilio' | 'simulated'
    account_sid: string | null; auth_token_ciphertext: string | null; auth_token_key_id: string | null
  }>(
    `SELECT o.name, o.help_text, sn.id AS sender_id, ca.kind, ca.account_sid, ca.auth_token_ciphertext, ca.auth_token_key_id
       FROM organizations o JOIN sender_numbers sn ON sn.organization_id = o.id AND sn.e164 = $2
       JOIN carrier_accounts ca ON ca.id = sn.carrier_account_id
      WHERE o.id = $1`,
    [options.organizationId, options.from],
  )
  const sender = rows[0]
  if (!sender) return { sent: false as const, reason: 'The number is not one of the organization’s' }
  const body = serviceReplyText(options.kind, { name: sender.name, helpText: sender.help_text })
  const reserved = await pool.query<Claimed>(
    `INSERT INTO send_queue (id, organization_id, idempotency_key, purpose, to_e164, from_e164, sender_number_id, body, status, attempts, decision, updated_at)
     VALUES ($1, $2, $3, 'reply', $4, $5, $6, $7, 'sending', 1, $8, now())
     ON CONFLICT (organization_id, idempotency_key) DO NOTHING
     RETURNING id, organization_id, batch_id, purpose, lead_id, vertical_id, conversation_id, to_e164, recipient_state, from_e164, sender_number_id, body, attempts`,
    [randomUUID(), options.organizationId, `service:${options.inboundCarrierSid}`, options.to, options.from, sender.sender_id, body,
      JSON.stringify({ allowed: true, service: options.kind, checkedAt: new Date().toISOString() })],
  )
  if (!reserved.rows[0]) return { sent: false as const, reason: 'Already answered' }
  const carrier = carrierForAccount(sender)
  const outcome = await sendReservedNow(reserved.rows[0], carrier)
  if (outcome.simulated.length) {
    await inngest.send(simulatedCarrierAccepted.create({ organizationId: options.organizationId, messages: outcome.simulated.map((m) => ({ ...m, service: true })) }))
  }
  return { sent: outcome.sent === 1, reason: null }
}
