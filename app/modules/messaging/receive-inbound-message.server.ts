import { randomUUID } from 'node:crypto'
import { inngest } from '../../../inngest/client'
import { positiveReplyReceivedEvent } from '../../../inngest/events'
import { systemActor } from '~/modules/audit/actor'
import { classifyInboundReply, type InboundReplyClass } from '~/modules/compliance/classify-inbound-reply'
import { recordAuditOnClient } from '~/modules/audit/record-audit-on-client.server'
import { possibleE164 } from '~/modules/compliance/consent-number'
import { decideConsentByPurpose } from '~/modules/compliance/decide-sends.server'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { confirmLeadFormOptIn } from '~/modules/forms/confirm-lead-form-opt-in.server'
import { pool } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { cancelQueuedSends } from './cancel-queued-sends.server'
import { classifyReplyIntent } from './classify-reply-intent'
import { notifyMessageChanged } from './notify-message-changed.server'
import { sendServiceReply } from './send-service-reply.server'
import { announceConversationUpdated, announceMessageWebhook } from '~/modules/webhooks/announce-message-webhooks.server'

export type ReceivedInbound = {
  messageId: string
  organizationId: string | null
  conversationId: string | null
  replyClass: InboundReplyClass
  /** Queued messages to the sender that the opt-out canceled. */
  canceled: number
  /** What was answered (an opt-out confirmation, the help text), if anything. */
  answered: 'opt_out_confirmation' | 'help' | 'opt_in_confirmation' | null
  duplicate: boolean
  /** A closed conversation this message reopened (status and the `conversation.updated` event follow from it). */
  reopened: boolean
}

/**
 * One inbound message (a carrier webhook, or the simulated carrier). It is
 * always stored — also when no organization owns the number it was sent to,
 * or it matches no conversation — and opt-out detection runs on every one.
 * An opt-out is recorded (for the whole organization: every number and
 * account), everything queued to the sender is canceled, and one
 * confirmation is sent; START or UNSTOP records an opt-in; HELP is answered
 * with the organization's help text. The same carrier message twice is
 * stored once.
 */
export async function receiveInboundMessage(options: { carrierSid: string; from: string; to: string; body: string; payload?: Record<string, unknown> }): Promise<ReceivedInbound> {
  const from = possibleE164(options.from) ?? options.from
  const to = possibleE164(options.to) ?? options.to
  const replyClass = classifyInboundReply(options.body)
  const owner = await pool.query<{ organization_id: string }>(`SELECT organization_id FROM sender_numbers WHERE e164 = $1`, [to])
  const organizationId = owner.rows[0]?.organization_id ?? null

  const stored = await storeInbound({ ...options, from, to, organizationId, replyClass: replyClass.kind })
  const { messageId, conversationId, duplicate, reopened } = stored

  let canceled = 0
  let answered: ReceivedInbound['answered'] = null
  if (organizationId && possibleE164(options.from)) {
    const actor = systemActor('inbound_sms', { organizationId })
    const evidence = { carrierSid: options.carrierSid, body: options.body.slice(0, 500), matched: replyClass.matched, to }
    if (replyClass.kind === 'opt_out') {
      const before = duplicate ? null : (await decideConsentByPurpose({ organizationId, recipients: [{ to: from }] })).reply[0]!
      await recordConsentEvent({
        actor,
        organizationId,
        scope: 'organization',
        kind: replyClass.matched === 'wrong number' ? 'wrong_number' : 'opt_out',
        phone: from,
        source: 'inbound_sms',
        evidence,
        evidenceKey: `inbound:${organizationId}:${options.carrierSid}`,
      })
      canceled = await cancelQueuedSends({ organizationId, to: from, reason: 'opted_out' })
      // One confirmation per opt-out: a second STOP from a number already opted out gets none, nor does a redelivery.
      if (before?.allowed) {
        await sendServiceReply({ organizationId, inboundCarrierSid: options.carrierSid, from: to, to: from, kind: 'opt_out_confirmation' })
        answered = 'opt_out_confirmation'
      }
    } else if (duplicate) {
      // A redelivered START or HELP was answered the first time.
    } else if (replyClass.kind === 'opt_in') {
      await recordConsentEvent({ actor, organizationId, scope: 'organization', kind: 'opt_in', phone: from, source: 'inbound_sms', evidence: { ...evidence, note: `Replied "${replyClass.matched}" to ${to}` }, evidenceKey: `inbound:${organizationId}:${options.carrierSid}` })
      await sendServiceReply({ organizationId, inboundCarrierSid: options.carrierSid, from: to, to: from, kind: 'opt_in_confirmation' })
      answered = 'opt_in_confirmation'
    } else if (replyClass.kind === 'help') {
      await sendServiceReply({ organizationId, inboundCarrierSid: options.carrierSid, from: to, to: from, kind: 'help' })
      answered = 'help'
    } else if ((await confirmLeadFormOptIn({ organizationId, from, to, body: options.body, carrierSid: options.carrierSid })).confirmed > 0) {
      // A YES to a lead form's double opt-in request (docs/decisions/053): recorded as the confirming consent grant.
    } else if (replyClass.kind === 'ambiguous' && !duplicate) {
      // Suppressed for marketing until someone asks; the one clarifying question is a reply, which the gate allows.
      canceled = await cancelQueuedSends({ organizationId, to: from, reason: 'ambiguous_reply' })
    } else if (replyClass.kind === 'none' && !duplicate && conversationId) {
      // An interested reply may go on to a CRM (GoHighLevel's "push on positive reply"); a job decides.
      const intent = classifyReplyIntent(options.body)
      if (intent.intent === 'positive') {
        // A CRM hand-off must never fail the inbound message itself (Twilio would redeliver it as a duplicate).
        await inngest
          .send(positiveReplyReceivedEvent({ organizationId, messageId, conversationId, matched: intent.matched }))
          .catch((error: unknown) => logger.error('could not send messages/reply.positive', { err: error, messageId }))
      }
    }
  }
  if (organizationId) {
    // The send this answers shows its replies too: tell its page as well as the conversation's.
    const send = conversationId
      ? await pool.query<{ batch_id: string }>(
          `SELECT batch_id FROM send_queue WHERE conversation_id = $1 AND batch_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
          [conversationId],
        )
      : null
    await notifyMessageChanged({ organizationId, conversationId, batchId: send?.rows[0]?.batch_id ?? null })
    if (!duplicate) await announceInbound({ organizationId, conversationId, messageId, from, to, body: options.body })
  }
  return { messageId, organizationId, conversationId, replyClass, canceled, answered, duplicate, reopened }
}

/** `message.received` and `conversation.updated` to the organization's endpoints (after everything above committed). */
async function announceInbound(options: { organizationId: string; conversationId: string | null; messageId: string; from: string; to: string; body: string }) {
  const { organizationId, conversationId, messageId, from, to } = options
  await announceMessageWebhook({
    organizationId,
    type: 'message.received',
    message: { messageId, sendQueueId: null, conversationId, direction: 'inbound', from, to, body: options.body, status: 'received', errorCode: null, batchId: null },
  })
  if (!conversationId) return
  const conversation = await pool.query<{ lead_id: string | null }>(`SELECT lead_id FROM conversations WHERE id = $1`, [conversationId])
  await announceConversationUpdated({
    organizationId,
    conversation: { id: conversationId, from: to, to: from, leadId: conversation.rows[0]?.lead_id ?? null, lastMessageId: messageId, lastMessageDirection: 'inbound' },
    reason: 'message_received',
  })
}

/**
 * Stores the message in its conversation once per carrier id: under a lock on
 * the id, so a redelivery racing the first is seen as the duplicate it is.
 */
async function storeInbound(options: {
  carrierSid: string; from: string; to: string; body: string; organizationId: string | null; replyClass: string
}): Promise<{ messageId: string; conversationId: string | null; duplicate: boolean; reopened: boolean }> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [options.carrierSid])
    const existing = await client.query<{ id: string; conversation_id: string | null }>(
      `SELECT id, conversation_id FROM messages WHERE carrier_sid = $1 AND direction = 'inbound' LIMIT 1`,
      [options.carrierSid],
    )
    if (existing.rows[0]) {
      await client.query('COMMIT')
      return { messageId: existing.rows[0].id, conversationId: existing.rows[0].conversation_id, duplicate: true, reopened: false }
    }
    let conversationId: string | null = null
    let reopened = false
    if (options.organizationId) {
      // A new message from them reopens a closed conversation (docs/decisions/051).
      const reopening = await client.query(
        `UPDATE conversations SET status = 'open', closed_at = NULL, updated_at = now()
          WHERE organization_id = $1 AND from_e164 = $2 AND to_e164 = $3 AND status = 'closed'`,
        [options.organizationId, options.to, options.from],
      )
      reopened = (reopening.rowCount ?? 0) > 0
      const conversation = await client.query<{ id: string }>(
        `INSERT INTO conversations (id, organization_id, from_e164, to_e164, last_message_at, last_inbound_at, lead_id, identity_id)
         SELECT $1, $2, $3, $4, now(), now(), hit.lead_id, hit.identity_id
           FROM (SELECT NULL) AS one
           LEFT JOIN LATERAL (
             SELECT l.id AS lead_id, l.identity_id FROM phone_numbers pn
               JOIN identity_phones ip ON ip.phone_id = pn.id
               JOIN leads l ON l.identity_id = ip.identity_id AND l.organization_id = $2
              WHERE pn.e164 = $4 ORDER BY l.created_at DESC LIMIT 1) hit ON true
         ON CONFLICT (organization_id, from_e164, to_e164) DO UPDATE SET last_message_at = now(), last_inbound_at = now()
         RETURNING id`,
        [randomUUID(), options.organizationId, options.to, options.from],
      )
      conversationId = conversation.rows[0]!.id
      if (reopened) {
        await recordAuditOnClient(client, {
          actor: systemActor('inbound_sms', { organizationId: options.organizationId }),
          action: 'conversation.reopened',
          organizationId: options.organizationId,
          target: { type: 'conversation', id: conversationId },
          summary: { changed: { status: { before: 'closed', after: 'open' } }, carrierSid: options.carrierSid },
        })
      }
    }
    const messageId = randomUUID()
    await client.query(
      `INSERT INTO messages (id, organization_id, conversation_id, direction, from_e164, to_e164, body, status, carrier_sid, reply_class)
       VALUES ($1, $2, $3, 'inbound', $4, $5, $6, 'received', $7, $8)`,
      [messageId, options.organizationId, conversationId, options.from, options.to, options.body, options.carrierSid, options.replyClass],
    )
    await client.query('COMMIT')
    return { messageId, conversationId, duplicate: false, reopened }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
