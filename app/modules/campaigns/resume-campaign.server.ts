import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { sendClockNow, sendClockToDb } from '~/modules/messaging/send-clock.server'
import { prisma } from '~/utils/db.server'
import { inngest } from '../../../inngest/client'
import { campaignQueueRequestedEvent, dispatchRequestedEvent } from '../../../inngest/events'
import { assignSlots } from './campaign-schedule'
import { getCampaign, type CampaignView } from './campaign-view.server'
import { effectiveSchedule } from './effective-schedule.server'
import { lockCampaign, notInState } from './lock-campaign.server'
import { notifyCampaignChanged } from './notify-campaign-changed.server'

/**
 * Resumes a paused campaign: its held messages wait again, in their order,
 * with new slots from now at its throttle (a crusade's after its other
 * campaigns' slots), so the pause does not end in a burst. Each message is
 * the same row as before: nothing is queued or sent twice. Those the end
 * date leaves no slot for are canceled. Audited.
 */
export async function resumeCampaign(options: { organizationId: string; actor: Actor; campaignId: string; now?: Date }): Promise<CampaignView> {
  const now = options.now ?? sendClockNow()
  const woken = await prisma.$transaction(
    async (tx) => {
      const campaign = await lockCampaign(tx, options.organizationId, options.campaignId)
      if (campaign.status !== 'paused') throw notInState(campaign.status, 'resumed', 'paused')
      const schedule = effectiveSchedule(campaign)
      const status = schedule.startsAt && schedule.startsAt > now ? 'scheduled' : 'running'
      const held = campaign.batchId
        ? await tx.$queryRaw<{ id: string; sender_number_id: string }[]>`
            SELECT id, sender_number_id FROM send_queue WHERE batch_id = ${campaign.batchId}::uuid AND status = 'held' ORDER BY not_before, created_at, id`
        : []
      const cursor = campaign.crusade?.slotsUntil
      const from = new Date(Math.max(now.getTime(), cursor?.getTime() ?? 0))
      const { slots, next } = assignSlots({ count: held.length, from, schedule, perMinute: schedule.throttlePerMinute, jitterSeconds: campaign.jitterSeconds })
      const ids = held.map((h) => h.id)
      const times = slots.map((s) => (s ? sendClockToDb(s).toISOString() : null))
      // What actually changed is counted: an opt-out may have canceled a held row since it was read.
      const changed = await tx.$queryRaw<{ status: string }[]>`
        UPDATE send_queue q SET status = CASE WHEN t.at IS NULL THEN 'canceled'::"SendQueueStatus" ELSE 'pending'::"SendQueueStatus" END,
               block_reason = CASE WHEN t.at IS NULL THEN 'schedule_ended' ELSE q.block_reason END,
               not_before = coalesce(t.at, q.not_before), updated_at = now()
          FROM unnest(${ids}::uuid[], ${times}::timestamptz[]) AS t(id, at)
         WHERE q.id = t.id AND q.status = 'held'
         RETURNING q.status::text AS status`
      const ended = changed.filter((r) => r.status === 'canceled').length
      const resumed = changed.length
      if (ended && campaign.batchId) await tx.sendBatch.update({ where: { id: campaign.batchId }, data: { canceled: { increment: ended } } })
      await tx.campaign.update({
        where: { id: campaign.id },
        // Its filtered and failed shares count again from now: what paused it is not held against it.
        data: { status, pausedReason: null, healthSince: new Date(), ...(campaign.crusadeId ? {} : { slotsUntil: held.length ? next : campaign.slotsUntil }) },
      })
      if (campaign.crusadeId && held.length) {
        await tx.$executeRaw`UPDATE crusades SET slots_until = greatest(coalesce(slots_until, ${next}::timestamptz), ${next}::timestamptz) WHERE id = ${campaign.crusadeId}::uuid`
      }
      await recordAudit(tx, {
        actor: options.actor,
        organizationId: options.organizationId,
        action: 'campaign.resumed',
        target: { type: 'campaign', id: campaign.id },
        summary: { name: campaign.name, status, resumed: resumed - ended, canceled: ended },
      })
      return {
        senders: [...new Set(held.flatMap((h, i) => (slots[i] && h.sender_number_id ? [h.sender_number_id] : [])))],
        unqueued: campaign.queuedThrough < campaign.audienceCount,
      }
    },
    { timeout: 300_000, maxWait: 10_000 },
  )
  const cause = `resume-${options.campaignId}-${now.getTime()}`
  const events = [
    ...woken.senders.map((senderNumberId) => dispatchRequestedEvent(options.organizationId, senderNumberId, cause)),
    ...(woken.unqueued ? [campaignQueueRequestedEvent(options.organizationId, options.campaignId, cause)] : []),
  ]
  if (events.length) await inngest.send(events)
  await notifyCampaignChanged({ organizationId: options.organizationId, campaignId: options.campaignId })
  return getCampaign({ organizationId: options.organizationId, campaignId: options.campaignId })
}
