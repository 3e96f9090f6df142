import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { decideConsentByPurpose, decideSends, nextRecipientWindowAt, recipientWindowSecondsLeft } from '~/modules/compliance/decide-sends.server'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { publicMediaUrl } from '~/modules/media/media-summary.server'
import { getEnv } from '~/utils/env.server'
import type { PoolClient } from 'pg'
import { pool } from '~/utils/db.server'
import { logger } from '~/utils/logger.server'
import { applyCarrierError } from './apply-carrier-error.server'
import { carrierForAccount, type Carrier } from './carrier.server'
import { carrierRetryTime } from './carrier-retry-time'
import { nextStatus, type MessageStatus } from './message-status-order'
import { notifyMessageChanged } from './notify-message-changed.server'
import { sendClockNow, sendClockToDb } from './send-clock.server'
import { TwilioSendError } from './send-sms-via-twilio.server'
import { twilioErrorAction } from './twilio-error-actions'
import { announceConversationUpdated, announceMessageWebhook } from '~/modules/webhooks/announce-message-webhooks.server'

/** How many messages one dispatch step claims: this many seconds of the number's rate. */
export const STEP_SECONDS = 30
/** Carrier calls in flight at once per number (they start at the number's pace; a slow answer must not slow the pace). */
const IN_FLIGHT = 8
/**
 * Calls start this much under the rate: the carrier sees them after a latency
 * that varies by tens of milliseconds, and exact spacing would let a slow call
 * followed by a fast one put one message too many into a carrier's second.
 */
export const PACE_MARGIN = 0.95

export type Claimed = {
  id: string
  organization_id: string
  batch_id: string | null
  purpose: 'marketing' | 'reply'
  lead_id: string | null
  vertical_id: string | null
  conversation_id: string | null
  to_e164: string
  recipient_state: string | null
  from_e164: string
  sender_number_id: string | null
  body: string
  /** The image it is sent with (an MMS template's) and that image's access token, else null or absent. */
  media_id?: string | null
  media_token?: string | null
  attempts: number
  /** When an earlier attempt of this message was taken by the carrier (a retry after it could not deliver it), else null. */
  sent_at: Date | null
  /** The campaign whose batch it is in: its pause or cancel stops the message, and quiet hours move it rather than block it. */
  campaign_id?: string | null
}

export type DispatchOutcome = {
  sent: number
  blocked: number
  failed: number
  unknown: number
  retried: number
  /** A campaign's messages moved to their recipient's next window, or held or canceled by their campaign's pause or cancel. */
  deferred: number
  /** Pending messages left for this number (some may wait for `nextAt`). */
  remaining: number
  /** When the next pending message may go (ISO), if none may go now. */
  nextAt: string | null
  /** Messages the simulated carrier took, for its outcome job. */
  simulated: { sid: string; from: string; to: string }[]
  /** The number stopped sending (paused, retired, account disabled). */
  stopped: string | null
}

/**
 * One step of a sender number's dispatch: claims up to STEP_SECONDS × MPS of
 * its pending messages (marked `sending` before any carrier call, so a
 * retried step never sends them again), checks the gate again for each at
 * this instant, and hands the allowed ones to the carrier spaced 1/MPS
 * seconds apart. The number's rate is its own MPS, or its share of its
 * account's MPS if that is lower (docs/decisions/042). A carrier error is
 * acted on (twilio-error-actions.ts); a call whose outcome is unknown leaves
 * the message `unknown`, never resent.
 */
export async function dispatchSenderQueue(options: { senderNumberId: string; carrier?: Carrier }): Promise<DispatchOutcome> {
  const outcome: DispatchOutcome = { sent: 0, blocked: 0, failed: 0, unknown: 0, retried: 0, deferred: 0, remaining: 0, nextAt: null, simulated: [], stopped: null }
  const sender = await readSender(options.senderNumberId)
  if (!sender) return { ...outcome, stopped: 'The sender number no longer exists' }
  if (sender.status !== 'active' || sender.account_status !== 'active') {
    return { ...outcome, stopped: sender.paused_reason ?? `The number is ${sender.status}; its account is ${sender.account_status}` }
  }
  // Built before anything is claimed: a token that cannot be decrypted must not strand claimed rows.
  const carrier = options.carrier ?? carrierForAccount(sender)
  const rate = Math.min(sender.mps, sender.account_mps / Math.max(1, sender.account_numbers))
  const claimed = await claim(options.senderNumberId, Math.max(1, Math.floor(rate * STEP_SECONDS)))
  const started = new Set<string>()
  try {
    const allowed = await recheckGate(claimed, outcome)
    const touched = await sendPaced(allowed, carrier, rate, outcome, started)
    await Promise.allSettled(
      [...touched].map((key) => {
        const [organizationId, conversationId, batchId] = key.split('|')
        return notifyMessageChanged({ organizationId: organizationId!, conversationId: conversationId || null, batchId: batchId || null })
      }),
    )
  } catch (error) {
    // Nothing was asked of the carrier for these yet: they go back to the queue rather than to `unknown`.
    const untouched = claimed.filter((row) => !started.has(row.id)).map((row) => row.id)
    if (untouched.length) await pool.query(`UPDATE send_queue SET status = 'pending', updated_at = now() WHERE id = ANY($1::uuid[]) AND status = 'sending'`, [untouched])
    throw error
  }
  const left = await pool.query<{ n: number; next_at: Date | null }>(
    `SELECT count(*)::int AS n, min(not_before) FILTER (WHERE not_before > now()) AS next_at
       FROM send_queue WHERE sender_number_id = $1 AND status = 'pending'`,
    [options.senderNumberId],
  )
  outcome.remaining = left.rows[0]!.n
  outcome.nextAt = left.rows[0]!.next_at?.toISOString() ?? null
  return outcome
}

/**
 * Starts one carrier call per interval: the first an interval after the step
 * begins (the step before may have just sent); on time, each next slot follows
 * the schedule (timer lateness is not added up); late — all call slots busy,
 * a slow check — the next follows now, never catching up in a burst; and no
 * call starts while the `rate`-th call before it is less than a second old,
 * whatever the timers do. Each message is checked just before its slot: an
 * opt-out that arrived during the step, or the end of the recipient's window,
 * stops it there.
 */
async function sendPaced(rows: Claimed[], carrier: Carrier, rate: number, outcome: DispatchOutcome, started: Set<string>) {
  const touched = new Set<string>()
  const interval = 1000 / (rate * PACE_MARGIN)
  const perSecond = Math.max(1, Math.floor(rate))
  const recent: number[] = []
  const inFlight = new Set<Promise<void>>()
  const campaigns = new CampaignStates()
  let slot = performance.now() + interval
  for (const row of rows) {
    while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight)
    const at = Math.max(slot, recent.length === perSecond ? recent[0]! + 1000 + WINDOW_GUARD_MS : 0)
    const wait = at - performance.now()
    if (wait > 0) await sleep(wait)
    // Checked after the wait, just before the call: at a slow number's pace the wait is many seconds, and a
    // pause, a cancel or an opt-out during it must stop the message. A stopped message does not use the slot.
    if (row.campaign_id && (await campaigns.stops(row, outcome))) {
      started.add(row.id)
      continue
    }
    if (!(await stillAllowed(row, outcome))) {
      started.add(row.id)
      continue
    }
    const now = performance.now()
    recent.push(now)
    if (recent.length > perSecond) recent.shift()
    slot = (now - at < interval / 2 ? at : now) + interval
    started.add(row.id)
    const sending = sendOne(row, carrier, outcome).then((key) => void (key && touched.add(key)))
    inFlight.add(sending)
    void sending.finally(() => inFlight.delete(sending))
  }
  await Promise.all(inFlight)
  return touched
}

/** How long a campaign's state read by a dispatch step is trusted: a pause or cancel takes effect within this. */
const CAMPAIGN_STATE_MS = 1_000

/** The campaigns of a step's messages, read at most once a second each. */
class CampaignStates {
  private readonly known = new Map<string, { status: string; at: number }>()

  /**
   * Whether the message's campaign stopped it: held while it is paused, canceled once it is cancelled (a
   * completed campaign's late retry still goes). Decided in one statement under a share lock of the
   * campaign row, so a resume or cancel committing meanwhile is seen, never half applied.
   */
  async stops(row: Claimed, outcome: DispatchOutcome): Promise<boolean> {
    const id = row.campaign_id!
    let state = this.known.get(id)
    if (!state || performance.now() - state.at > CAMPAIGN_STATE_MS) {
      const { rows } = await pool.query<{ status: string }>(`SELECT status FROM campaigns WHERE id = $1`, [id])
      state = { status: rows[0]?.status ?? 'cancelled', at: performance.now() }
      this.known.set(id, state)
    }
    if (state.status !== 'paused' && state.status !== 'cancelled') return false
    const { rows } = await pool.query<{ status: string }>(
      `UPDATE send_queue q
          SET status = CASE c.status WHEN 'paused' THEN 'held'::"SendQueueStatus" ELSE 'canceled'::"SendQueueStatus" END,
              block_reason = CASE c.status WHEN 'paused' THEN q.block_reason ELSE 'campaign_cancelled' END,
              attempts = CASE c.status WHEN 'paused' THEN greatest(q.attempts - 1, 0) ELSE q.attempts END,
              updated_at = now()
         FROM (SELECT status FROM campaigns WHERE id = $2 FOR SHARE) c
        WHERE q.id = $1 AND q.status = 'sending' AND c.status IN ('paused', 'cancelled')
        RETURNING c.status::text AS status`,
      [row.id, id],
    )
    if (!rows[0]) {
      // Resumed meanwhile: it goes.
      this.known.delete(id)
      return false
    }
    if (rows[0].status === 'cancelled' && row.batch_id) await pool.query(`UPDATE send_batches SET canceled = canceled + 1 WHERE id = $1`, [row.batch_id])
    outcome.deferred++
    return true
  }
}

/**
 * A campaign's message outside its recipient's window goes back to the
 * queue for the window's next opening instead of being blocked: it was
 * queued for a slot, not for this minute. Returns whether it was moved.
 */
async function deferToRecipientWindow(row: Claimed, now: Date, outcome: DispatchOutcome): Promise<boolean> {
  if (!row.campaign_id) return false
  const at = nextRecipientWindowAt(row.to_e164, row.recipient_state, now)
  if (!at) return false
  await pool.query(`UPDATE send_queue SET status = 'pending', not_before = $2, attempts = greatest(attempts - 1, 0), updated_at = now() WHERE id = $1 AND status = 'sending'`, [row.id, sendClockToDb(at)])
  outcome.deferred++
  return true
}

/** Milliseconds beyond a second between a call and the `rate`-th one after it. */
const WINDOW_GUARD_MS = 5

/** At least this much of the recipient's window must be left to hand a message to the carrier. */
const MIN_WINDOW_SECONDS = 60

/** The last look before the call: consent now, and time left in the recipient's window. */
async function stillAllowed(row: Claimed, outcome: DispatchOutcome): Promise<boolean> {
  const now = sendClockNow()
  const consent = (await decideConsentByPurpose({ organizationId: row.organization_id, recipients: [{ to: row.to_e164 }] }))[row.purpose][0]!
  const secondsLeft = recipientWindowSecondsLeft(row.to_e164, row.recipient_state, now)
  if (consent.allowed && secondsLeft >= MIN_WINDOW_SECONDS) return true
  if (consent.allowed && (await deferToRecipientWindow(row, now, outcome))) return false
  const decision = consent.allowed
    ? { reason: 'quiet_hours' as const, message: GATE_BLOCK_REASONS.quiet_hours, detail: 'The recipient’s window closed before the message could go' }
    : { reason: consent.reason, message: consent.message, detail: null }
  await blockAtDispatch(row, decision, now)
  outcome.blocked++
  return false
}

async function readSender(senderNumberId: string) {
  const { rows } = await pool.query<{
    status: string; paused_reason: string | null; mps: number; kind: 'twilio' | 'simulated'; account_status: string; account_mps: number
    account_numbers: number; account_sid: string | null; auth_token_ciphertext: string | null; auth_token_key_id: string | null
  }>(
    `SELECT sn.status, sn.paused_reason, sn.mps, ca.kind, ca.status AS account_status, ca.mps AS account_mps,
            ca.account_sid, ca.auth_token_ciphertext, ca.auth_token_key_id,
            (SELECT count(*)::int FROM sender_numbers o WHERE o.carrier_account_id = ca.id AND o.status = 'active') AS account_numbers
       FROM sender_numbers sn JOIN carrier_accounts ca ON ca.id = sn.carrier_account_id
      WHERE sn.id = $1`,
    [senderNumberId],
  )
  return rows[0] ?? null
}

async function claim(senderNumberId: string, limit: number): Promise<Claimed[]> {
  const { rows } = await pool.query<Claimed>(
    `UPDATE send_queue q SET status = 'sending', attempts = q.attempts + 1, updated_at = now()
      WHERE q.id IN (
        SELECT id FROM send_queue
         WHERE sender_number_id = $1 AND status = 'pending' AND not_before <= now()
         ORDER BY not_before, created_at, id
         LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING q.id, q.organization_id, q.batch_id, q.purpose, q.lead_id, q.vertical_id, q.conversation_id, q.to_e164,
                q.recipient_state, q.from_e164, q.sender_number_id, q.body, q.attempts, q.sent_at,
                (SELECT c.id FROM campaigns c WHERE c.batch_id = q.batch_id) AS campaign_id,
                q.media_id, (SELECT m.access_token FROM template_media m WHERE m.id = q.media_id) AS media_token`,
    [senderNumberId, limit],
  )
  return rows.sort((a, b) => a.id.localeCompare(b.id))
}

/** The gate once more, at the moment of sending: an opt-out that arrived after queueing, quiet hours that began since. */
async function recheckGate(claimed: Claimed[], outcome: DispatchOutcome): Promise<Claimed[]> {
  const now = sendClockNow()
  const groups = new Map<string, Claimed[]>()
  for (const row of claimed) {
    const key = `${row.organization_id}|${row.purpose}|${row.vertical_id ?? ''}`
    const group = groups.get(key)
    if (group) group.push(row)
    else groups.set(key, [row])
  }
  const allowed: Claimed[] = []
  for (const rows of groups.values()) {
    const first = rows[0]!
    // The whole gate again. A row's own send is recorded in the history only after its call; a retry's first attempt
    // is in it already, and is not another send for the cooldown (ownSendAt).
    const decisions = await decideSends({
      organizationId: first.organization_id,
      purpose: first.purpose,
      now,
      recipients: rows.map((r) => ({ to: r.to_e164, state: r.recipient_state, ownSendAt: r.sent_at?.getTime() ?? null })),
      ...(first.vertical_id ? { verticalId: first.vertical_id } : {}),
    })
    for (const [index, row] of rows.entries()) {
      const decision = decisions[index]!
      if (decision.allowed) {
        allowed.push(row)
        continue
      }
      if (decision.reason === 'quiet_hours' && (await deferToRecipientWindow(row, now, outcome))) continue
      outcome.blocked++
      await blockAtDispatch(row, { reason: decision.reason, message: decision.message, detail: decision.detail ?? null }, now)
    }
  }
  return allowed
}

async function blockAtDispatch(row: Claimed, decision: { reason: string; message: string; detail: string | null }, now: Date) {
  await pool.query(
    `UPDATE send_queue SET status = 'blocked', block_reason = $2, updated_at = now(),
            decision = decision || jsonb_build_object('recheck', jsonb_build_object('reason', $2::text, 'message', $3::text, 'detail', $4::text, 'checkedAt', $5::text))
      WHERE id = $1`,
    [row.id, decision.reason, decision.message, decision.detail, now.toISOString()],
  )
  if (row.batch_id) await pool.query(`UPDATE send_batches SET blocked = blocked + 1, queued = queued - 1 WHERE id = $1`, [row.batch_id])
}

/**
 * Sends one message already reserved as `sending` now, outside the paced
 * queue (an opt-out confirmation, a HELP answer), and records it like any
 * other. Its gate check is the caller's.
 */
export async function sendReservedNow(row: Claimed, carrier: Carrier) {
  const outcome: DispatchOutcome = { sent: 0, blocked: 0, failed: 0, unknown: 0, retried: 0, deferred: 0, remaining: 0, nextAt: null, simulated: [], stopped: null }
  const touched = await sendOne(row, carrier, outcome)
  if (touched) {
    const [organizationId, conversationId, batchId] = touched.split('|')
    await notifyMessageChanged({ organizationId: organizationId!, conversationId: conversationId || null, batchId: batchId || null })
  }
  return outcome
}

/** Sends one claimed message and records what happened; returns the rooms to tell. */
async function sendOne(row: Claimed, carrier: Carrier, outcome: DispatchOutcome): Promise<string | null> {
  const secondsLeft = recipientWindowSecondsLeft(row.to_e164, row.recipient_state, sendClockNow())
  const appUrl = getEnv().APP_URL
  try {
    const accepted = await carrier.send({
      from: row.from_e164,
      to: row.to_e164,
      body: row.body,
      ...(row.media_id && row.media_token ? { mediaUrls: [publicMediaUrl({ id: row.media_id, accessToken: row.media_token })] } : {}),
      ...(appUrl ? { statusCallbackUrl: `${appUrl.replace(/\/+$/, '')}/webhooks/twilio/status` } : {}),
      // No longer than the window: a carrier holding it past the window would deliver it in quiet hours.
      ...(row.purpose === 'marketing' || secondsLeft > 0 ? { validityPeriodSeconds: Math.max(1, secondsLeft) } : {}),
    })
    const conversationId = await recordAcceptedSend(row, accepted).catch(async (error: unknown) => {
      // The carrier has it: keep its id, so its status callback settles the row; never send it again.
      await markUnknown(row, error, accepted.sid)
      throw new RecordedUnknown()
    })
    outcome.sent++
    if (carrier.kind === 'simulated') outcome.simulated.push({ sid: accepted.sid, from: row.from_e164, to: row.to_e164 })
    return `${row.organization_id}|${conversationId}|${row.batch_id ?? ''}`
  } catch (error) {
    if (error instanceof RecordedUnknown) {
      outcome.unknown++
      return null
    }
    if (!(error instanceof TwilioSendError)) {
      // Our own failure after the call (the database): the carrier may have the message. Never resend it blindly.
      await markUnknown(row, error)
      outcome.unknown++
      return null
    }
    return handleCarrierError(row, error, outcome)
  }
}

/**
 * Records a message the carrier took: its `messages` row, its conversation,
 * the from-to history and the batch's counts, and the queue row `sent`
 * (or `failed`, if a callback already said so). Returns the conversation.
 */
export async function recordAcceptedSend(row: Claimed, accepted: { sid: string; status: string; numSegments: number | null }): Promise<string> {
  const recorded = await recordAcceptedSendRows(row, accepted)
  if (recorded.messageId) {
    // After the commit: the organization's endpoints hear of the send, and of a report that came before it was recorded.
    const message = {
      messageId: recorded.messageId, sendQueueId: row.id, conversationId: recorded.conversationId, direction: 'outbound' as const, from: row.from_e164, to: row.to_e164,
      body: row.body, status: recorded.early ?? accepted.status, errorCode: null, batchId: row.batch_id,
    }
    await announceMessageWebhook({ organizationId: row.organization_id, type: 'message.sent', message })
    if (recorded.early === 'delivered') await announceMessageWebhook({ organizationId: row.organization_id, type: 'message.delivered', message })
    if (recorded.early === 'undelivered' || recorded.early === 'failed') await announceMessageWebhook({ organizationId: row.organization_id, type: 'message.failed', message })
    if (row.purpose === 'reply') {
      // A reply from a conversation (the app's reply box or the API) is news for the conversation too.
      await announceConversationUpdated({
        organizationId: row.organization_id,
        conversation: { id: recorded.conversationId, from: row.from_e164, to: row.to_e164, leadId: recorded.leadId, lastMessageId: recorded.messageId, lastMessageDirection: 'outbound' },
        reason: 'reply_sent',
      })
    }
  }
  return recorded.conversationId
}

async function recordAcceptedSendRows(
  row: Claimed,
  accepted: { sid: string; status: string; numSegments: number | null },
): Promise<{ conversationId: string; messageId: string | null; early: MessageStatus | null; leadId: string | null }> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // One writer per carrier message at a time: its status callback may be recording at this very moment.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [accepted.sid])
    // Recorded already (an unknown send settled by its callback and by the lookup at once): once is enough.
    const recorded = await client.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM messages WHERE carrier_sid = $1 AND direction = 'outbound' LIMIT 1`,
      [accepted.sid],
    )
    if (recorded.rows[0]) {
      await client.query('COMMIT')
      return { conversationId: recorded.rows[0].conversation_id, messageId: null, early: null, leadId: null }
    }
    const conversation = await client.query<{ id: string; lead_id: string | null }>(
      `INSERT INTO conversations (id, organization_id, from_e164, to_e164, lead_id, identity_id, last_message_at)
       VALUES ($1, $2, $3, $4, $5, (SELECT identity_id FROM leads WHERE id = $5), now())
       ON CONFLICT (organization_id, from_e164, to_e164)
       DO UPDATE SET last_message_at = now(), lead_id = coalesce(conversations.lead_id, EXCLUDED.lead_id),
                     identity_id = coalesce(conversations.identity_id, EXCLUDED.identity_id)
       RETURNING id, lead_id`,
      [randomUUID(), row.organization_id, row.from_e164, row.to_e164, row.lead_id],
    )
    const conversationId = conversation.rows[0]!.id
    const messageId = randomUUID()
    await client.query(
      `INSERT INTO messages (id, organization_id, conversation_id, direction, from_e164, to_e164, body, status, carrier_sid,
                             send_queue_id, sender_number_id, lead_id, num_segments)
       SELECT $1, $2, $3, 'outbound', $4, $5, $6, $7::"MessageStatus", $8, $9, q.sender_number_id, $10, $11 FROM send_queue q WHERE q.id = $9`,
      [messageId, row.organization_id, conversationId, row.from_e164, row.to_e164, row.body, accepted.status, accepted.sid, row.id, row.lead_id, accepted.numSegments],
    )
    const early = await applyEarlyStatusEvents(client, accepted.sid)
    const failed = early === 'undelivered' || early === 'failed'
    await client.query(
      `UPDATE send_queue SET status = $5, carrier_sid = $2, message_id = $3, conversation_id = $4, sent_at = coalesce(sent_at, now()), updated_at = now() WHERE id = $1`,
      [row.id, accepted.sid, messageId, conversationId, failed ? 'failed' : 'sent'],
    )
    if (row.batch_id && (failed || early === 'delivered')) {
      await client.query(`UPDATE send_batches SET ${failed ? 'failed = failed' : 'delivered = delivered'} + 1 WHERE id = $1`, [row.batch_id])
    }
    if (row.vertical_id) {
      await client.query(
        `INSERT INTO from_to_history (organization_id, to_e164, vertical_id, from_e164, first_sent_at, last_sent_at)
         VALUES ($1, $2, $3, $4, now(), now())
         ON CONFLICT (organization_id, to_e164, vertical_id)
         DO UPDATE SET from_e164 = EXCLUDED.from_e164, last_sent_at = now(), messages = from_to_history.messages + 1`,
        [row.organization_id, row.to_e164, row.vertical_id, row.from_e164],
      )
    }
    if (row.batch_id) await client.query(`UPDATE send_batches SET sent = sent + 1 WHERE id = $1`, [row.batch_id])
    await client.query('COMMIT')
    return { conversationId, messageId, early, leadId: conversation.rows[0]!.lead_id }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

/**
 * A status callback can arrive before the send's answer is recorded (the
 * carrier is fast, our write is not): it was kept unapplied. Applies them
 * now, in their order, as recordMessageStatus would have.
 */
async function applyEarlyStatusEvents(client: PoolClient, sid: string): Promise<MessageStatus | null> {
  const early = await client.query<{ id: string; mapped: MessageStatus; error_code: number | null }>(
    `SELECT id, mapped, error_code FROM message_status_events WHERE carrier_sid = $1 AND NOT applied AND mapped IS NOT NULL ORDER BY id`,
    [sid],
  )
  if (!early.rows.length) return null
  const current = await client.query<{ status: MessageStatus }>(`SELECT status FROM messages WHERE carrier_sid = $1 AND direction = 'outbound'`, [sid])
  let status = current.rows[0]!.status
  let errorCode: number | null = null
  const applied: string[] = []
  for (const event of early.rows) {
    const next = nextStatus(status, event.mapped)
    if (!next) continue
    status = next
    errorCode = event.error_code ?? errorCode
    applied.push(event.id)
  }
  if (!applied.length) return null
  await client.query(`UPDATE messages SET status = $2, error_code = coalesce($3, error_code), status_updated_at = now() WHERE carrier_sid = $1 AND direction = 'outbound'`, [sid, status, errorCode])
  await client.query(`UPDATE message_status_events SET applied = true WHERE id = ANY($1::bigint[])`, [applied])
  return status
}

class RecordedUnknown extends Error {}

async function markUnknown(row: Claimed, error: unknown, carrierSid: string | null = null) {
  logger.error('a send’s outcome is unknown; it will not be resent', { err: error, sendQueueId: row.id, carrierSid })
  await pool
    .query(
      `UPDATE send_queue SET status = 'unknown', carrier_sid = coalesce($3, carrier_sid), error_message = $2, updated_at = now() WHERE id = $1 AND status = 'sending'`,
      [row.id, error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500), carrierSid],
    )
    .catch((e) => logger.error('could not mark a send unknown; the stranded-send sweep will', { err: e, sendQueueId: row.id }))
}

async function handleCarrierError(row: Claimed, error: TwilioSendError, outcome: DispatchOutcome): Promise<string | null> {
  if (error.outcomeUnknown) {
    await markUnknown(row, error)
    outcome.unknown++
    return null
  }
  const action = twilioErrorAction(error.twilioCode, error.httpStatus)
  const retryAt = carrierRetryTime(action.action, row.attempts)
  if (retryAt) {
    await pool.query(
      `UPDATE send_queue SET status = 'pending', not_before = $2, error_code = $3, error_message = $4, updated_at = now() WHERE id = $1`,
      [row.id, retryAt, error.twilioCode, error.message.slice(0, 500)],
    )
    outcome.retried++
    return null
  }
  await pool.query(
    `UPDATE send_queue SET status = 'failed', error_code = $2, error_message = $3, updated_at = now() WHERE id = $1`,
    [row.id, error.twilioCode, `${action.description} (${error.message})`.slice(0, 500)],
  )
  if (row.batch_id) await pool.query(`UPDATE send_batches SET failed = failed + 1 WHERE id = $1`, [row.batch_id])
  outcome.failed++
  // The carrier refused it for good: no message was made, but the send failed.
  await announceMessageWebhook({
    organizationId: row.organization_id,
    type: 'message.failed',
    message: {
      messageId: null, sendQueueId: row.id, conversationId: row.conversation_id, direction: 'outbound', from: row.from_e164, to: row.to_e164,
      body: row.body, status: 'failed', errorCode: error.twilioCode, batchId: row.batch_id,
    },
  })
  if (error.twilioCode !== null) {
    await applyCarrierError({
      organizationId: row.organization_id,
      to: row.to_e164,
      senderNumberId: row.sender_number_id,
      batchId: row.batch_id,
      errorCode: error.twilioCode,
      reference: row.id,
    })
  }
  return `${row.organization_id}||${row.batch_id ?? ''}`
}
