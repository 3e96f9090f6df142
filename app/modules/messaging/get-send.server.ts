import type { MessageStatus, SendPurpose, SendQueueStatus } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { sendStopMessage } from './send-stop-reasons'

export type SendView = {
  id: string
  batchId: string | null
  leadId: string | null
  purpose: SendPurpose
  /** The queue's status: where the message is on our side. */
  status: SendQueueStatus
  /** The carrier's status of the sent message (delivered, undelivered, …); null until it is sent. */
  deliveryStatus: MessageStatus | null
  to: string
  from: string | null
  body: string
  /** Why it was not sent (a gate reason, or why it was canceled), with what that means. */
  blockReason: string | null
  blockMessage: string | null
  blockDetail: string | null
  errorCode: number | null
  errorMessage: string | null
  conversationId: string | null
  /** ISO 8601. */
  createdAt: string
  sentAt: string | null
}

type StoredDecision = { message?: unknown; detail?: unknown; recheck?: { message?: unknown; detail?: unknown } }

const text = (value: unknown) => (typeof value === 'string' && value ? value : null)

/**
 * One message of the organization's send queue, as the API shows it: its
 * queue status, the gate's reason when it was blocked, and once it is sent
 * the carrier's status from the message log. Another organization's id, or
 * none, is the same 404.
 */
export async function getSend({ organizationId, id }: { organizationId: string; id: string }): Promise<SendView> {
  const item = await prisma.sendQueueItem.findFirst({ where: { id, organizationId } })
  if (!item) throw new AppError('send_not_found', 'There is no such message in this organization.', 404)
  // The log is partitioned by created_at: the message is written after its queue row, so bound the search from there (a day's slack for clocks).
  const message = item.messageId
    ? await prisma.message.findFirst({
        where: { id: item.messageId, organizationId, createdAt: { gte: new Date(item.createdAt.getTime() - 24 * 60 * 60 * 1000) } },
        select: { status: true, errorCode: true },
      })
    : null
  const decision = (item.decision ?? {}) as StoredDecision
  const reason = item.blockReason
  return {
    id: item.id,
    batchId: item.batchId,
    leadId: item.leadId,
    purpose: item.purpose,
    status: item.status,
    deliveryStatus: message?.status ?? null,
    to: item.toE164,
    from: item.fromE164,
    body: item.body,
    blockReason: reason,
    blockMessage: reason ? sendStopMessage(reason) : null,
    blockDetail: reason ? (text(decision.recheck?.detail) ?? text(decision.detail)) : null,
    errorCode: item.errorCode ?? message?.errorCode ?? null,
    errorMessage: item.errorMessage,
    conversationId: item.conversationId,
    createdAt: item.createdAt.toISOString(),
    sentAt: item.sentAt?.toISOString() ?? null,
  }
}
