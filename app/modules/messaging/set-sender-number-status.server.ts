import { randomUUID } from 'node:crypto'
import { inngest } from '../../../inngest/client'
import { dispatchRequestedEvent } from '../../../inngest/events'
import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { AppError } from '~/utils/app-error'
import { PAUSED_REASON_MAX_LENGTH } from './twilio-account-form'

/**
 * Pauses a sender number (it sends nothing until resumed; its queued
 * messages wait) or resumes it (its queued messages are sent again at its
 * pace). A retired number stays retired.
 */
export async function setSenderNumberStatus(options: {
  organizationId: string
  actor: Actor
  senderNumberId: string
  status: 'active' | 'paused'
  /** Why it is paused; shown beside the number. */
  reason?: string | null
}): Promise<{ e164: string; status: 'active' | 'paused' }> {
  const { organizationId, status } = options
  const reason = options.reason?.trim().slice(0, PAUSED_REASON_MAX_LENGTH) || `Paused by ${options.actor.label}`
  const action = status === 'paused' ? 'sender_number.paused' : 'sender_number.resumed'
  const changed = await withAudit({ actor: options.actor, action, organizationId }, async (tx) => {
    // Locked: the dispatcher may be pausing it for carrier filtering at the same moment.
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM sender_numbers WHERE id = ${options.senderNumberId}::uuid AND organization_id = ${organizationId}::uuid FOR UPDATE`
    if (rows.length === 0) throw new AppError('sender_number_not_found', 'Sender number not found.', 404)
    const number = await tx.senderNumber.findUniqueOrThrow({
      where: { id: options.senderNumberId },
      select: { id: true, e164: true, status: true, pausedReason: true, carrierAccount: { select: { status: true } } },
    })
    if (number.status === 'retired') throw new AppError('sender_number_retired', `${number.e164} is retired; it cannot send again.`, 409)
    if (number.status === status) {
      throw new AppError('sender_number_unchanged', `${number.e164} is already ${status === 'paused' ? 'paused' : 'active'}.`, 409)
    }
    await tx.senderNumber.update({
      where: { id: number.id },
      data: { status, pausedReason: status === 'paused' ? reason : null },
    })
    const waiting =
      status === 'active' && number.carrierAccount.status === 'active'
        ? await tx.sendQueueItem.findFirst({ where: { senderNumberId: number.id, status: 'pending' }, select: { id: true } })
        : null
    return {
      result: { id: number.id, e164: number.e164, wake: waiting !== null },
      target: { type: 'sender_number', id: number.id },
      summary: {
        e164: number.e164,
        before: { status: number.status, pausedReason: number.pausedReason },
        after: { status, pausedReason: status === 'paused' ? reason : null },
      },
    }
  })
  // Its dispatch run stopped when it was paused: start one for what waited meanwhile.
  if (changed.wake) {
    await inngest.send(dispatchRequestedEvent(organizationId, changed.id, `resumed-${randomUUID()}`))
  }
  return { e164: changed.e164, status }
}
