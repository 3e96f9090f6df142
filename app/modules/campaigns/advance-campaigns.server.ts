import { systemActor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { cancelQueuedSends } from '~/modules/messaging/cancel-queued-sends.server'
import { sendClockNow } from '~/modules/messaging/send-clock.server'
import { prisma, Prisma } from '~/utils/db.server'
import { inngest } from '../../../inngest/client'
import { campaignQueueRequestedEvent } from '../../../inngest/events'
import { notifyCampaignChanged } from './notify-campaign-changed.server'
import { announceWebhookEvent } from '~/modules/webhooks/emit-webhook-event.server'

/**
 * Moves campaigns along (every minute): a scheduled one whose start has
 * come is running; one past its end date has what it still waits for
 * canceled; a running one whose snapshot is all queued and nothing of which
 * waits or is being sent is completed; one whose queueing stopped part way
 * is queued again. Each change is audited.
 */
/** A campaign whose snapshot is part queued and that has not moved for this long has lost its queue job. */
const STALLED_AFTER_MS = 10 * 60_000

export async function advanceCampaigns(options: { now?: Date; organizationId?: string } = {}): Promise<{ started: number; ended: number; completed: number; requeued: number }> {
  const now = options.now ?? sendClockNow()
  const scope = options.organizationId ? { organizationId: options.organizationId } : {}
  const actor = (organizationId: string) => systemActor('campaign scheduler', { organizationId })
  const changed: { organizationId: string; id: string }[] = []
  const completed: { organizationId: string; id: string; name: string; why: 'end_date' | 'all_sent' }[] = []

  const due = await prisma.campaign.findMany({ where: { ...scope, status: 'scheduled', startsAt: { lte: now } }, select: { id: true, organizationId: true, name: true } })
  for (const c of due) {
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.campaign.updateMany({ where: { id: c.id, status: 'scheduled' }, data: { status: 'running' } })
      if (count) await recordAudit(tx, { actor: actor(c.organizationId), organizationId: c.organizationId, action: 'campaign.started', target: { type: 'campaign', id: c.id }, summary: { name: c.name } })
    })
    changed.push(c)
  }

  const expired = await prisma.campaign.findMany({
    where: { ...scope, status: { in: ['scheduled', 'running', 'paused'] }, endsAt: { lte: now } },
    select: { id: true, organizationId: true, name: true, batchId: true },
  })
  for (const c of expired) {
    // The status first: a queue step committing after it writes nothing more, and what is left waiting is canceled after.
    const ended = await prisma.$transaction(async (tx) => {
      const { count } = await tx.campaign.updateMany({ where: { id: c.id, status: { in: ['scheduled', 'running', 'paused'] } }, data: { status: 'completed', completedAt: now, pausedReason: null } })
      if (count) {
        await recordAudit(tx, { actor: actor(c.organizationId), organizationId: c.organizationId, action: 'campaign.completed', target: { type: 'campaign', id: c.id }, summary: { name: c.name, why: 'end date' } })
      }
      return count > 0
    })
    if (ended && c.batchId) await cancelQueuedSends({ organizationId: c.organizationId, batchId: c.batchId, reason: 'schedule_ended' })
    if (ended) completed.push({ organizationId: c.organizationId, id: c.id, name: c.name, why: 'end_date' })
    changed.push(c)
  }

  const finished = await prisma.$queryRaw<{ id: string; organization_id: string; name: string }[]>`
    SELECT c.id, c.organization_id, c.name FROM campaigns c
     WHERE c.status = 'running' AND c.queued_through >= c.audience_count
       ${options.organizationId ? Prisma.sql`AND c.organization_id = ${options.organizationId}::uuid` : Prisma.empty}
       AND NOT EXISTS (SELECT 1 FROM send_queue q WHERE q.batch_id = c.batch_id AND q.status IN ('pending', 'held', 'sending'))`
  for (const c of finished) {
    const done = await prisma.$transaction(async (tx) => {
      const { count } = await tx.campaign.updateMany({ where: { id: c.id, status: 'running' }, data: { status: 'completed', completedAt: now } })
      if (count) await recordAudit(tx, { actor: actor(c.organization_id), organizationId: c.organization_id, action: 'campaign.completed', target: { type: 'campaign', id: c.id }, summary: { name: c.name, why: 'all sent' } })
      return count > 0
    })
    if (done) completed.push({ organizationId: c.organization_id, id: c.id, name: c.name, why: 'all_sent' })
    changed.push({ organizationId: c.organization_id, id: c.id })
  }

  // A queue job that gave up (its retries spent) leaves a snapshot part queued: start it again.
  const stalled = await prisma.campaign.findMany({
    where: { ...scope, status: { in: ['scheduled', 'running', 'paused'] }, updatedAt: { lt: new Date(Date.now() - STALLED_AFTER_MS) } },
    select: { id: true, organizationId: true, queuedThrough: true, audienceCount: true },
  })
  const requeue = stalled.filter((c) => c.queuedThrough < c.audienceCount)
  if (requeue.length) await inngest.send(requeue.map((c) => campaignQueueRequestedEvent(c.organizationId, c.id, `stalled-${c.queuedThrough}`)))

  await Promise.allSettled(changed.map((c) => notifyCampaignChanged({ organizationId: c.organizationId, campaignId: c.id })))
  for (const c of completed) {
    await announceWebhookEvent({
      organizationId: c.organizationId,
      type: 'campaign.completed',
      data: { campaign: { id: c.id, name: c.name, completedAt: now.toISOString(), why: c.why } },
    })
  }
  return { started: due.length, ended: expired.length, completed: finished.length, requeued: requeue.length }
}
