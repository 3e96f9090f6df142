import { randomUUID } from 'node:crypto'
import type { Actor } from '~/modules/audit/actor'
import { actorId } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { leadFilter } from '~/modules/leads/lead-filter'
import { leadFilterSql } from '~/modules/leads/lead-filter-sql.server'
import { sendClockNow } from '~/modules/messaging/send-clock.server'
import { lintTemplate } from '~/modules/templates/lint-template'
import { AppError } from '~/utils/app-error'
import { prisma, Prisma } from '~/utils/db.server'
import { inngest } from '../../../inngest/client'
import { campaignQueueRequestedEvent } from '../../../inngest/events'
import { effectiveSchedule } from './effective-schedule.server'
import { getCampaign, type CampaignView } from './campaign-view.server'
import { sendingWindows } from './campaign-schedule'

/**
 * Launches a draft: checks it can send (its templates have no lint error,
 * its filter still parses, its schedule has a window to come), snapshots
 * its audience — the leads its filter matches at this instant, in the grid's
 * order, into campaign_audience — creates its send batch, and moves it to
 * `running` (or `scheduled`, when it starts later), audited, in one
 * transaction. Its queue job then decides and queues the snapshot in chunks
 * (queue-campaign-chunk.server.ts); leads that match later are not in it.
 */
export async function launchCampaign(options: { organizationId: string; actor: Actor; campaignId: string; now?: Date }): Promise<CampaignView> {
  const now = options.now ?? sendClockNow()
  await prisma.$transaction(
    async (tx) => {
      const [locked] = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM campaigns WHERE id = ${options.campaignId}::uuid AND organization_id = ${options.organizationId}::uuid FOR UPDATE`
      if (!locked) throw new AppError('campaign_not_found', 'No such campaign in the organization.', 404)
      const campaign = await tx.campaign.findUniqueOrThrow({ where: { id: options.campaignId }, include: { crusade: true, organization: { select: { name: true } } } })
      if (campaign.status !== 'draft') throw new AppError('campaign_not_draft', `The campaign is ${campaign.status}; only a draft can be launched.`, 409)

      const problems: string[] = []
      const templates = await tx.messageTemplate.findMany({ where: { id: { in: campaign.templateIds }, organizationId: options.organizationId } })
      for (const id of campaign.templateIds) {
        const template = templates.find((t) => t.id === id)
        if (!template) problems.push('One of its templates no longer exists.')
        else if (template.archivedAt) problems.push(`Its template “${template.name}” is archived.`)
        else {
          const errors = lintTemplate(template.body, { firstContact: template.firstContact, organizationName: campaign.organization.name, mms: template.mediaId !== null }).filter((i) => i.severity === 'error')
          for (const issue of errors) problems.push(`Template “${template.name}”: ${issue.message}${issue.detail ? ` (${issue.detail})` : ''}.`)
        }
      }
      const filter = leadFilter.safeParse(campaign.filter)
      if (!filter.success) problems.push('Its audience filter no longer parses; choose the saved filter again.')
      const schedule = effectiveSchedule(campaign)
      if (sendingWindows(schedule, now).next().done) problems.push('Its schedule has no sending window from now on (check its days, hours and end date).')
      if (problems.length) throw new AppError('campaign_not_ready', problems.join(' '), 422, { problems })

      const batchId = randomUUID()
      await tx.sendBatch.create({
        data: {
          id: batchId,
          organizationId: options.organizationId,
          purpose: 'marketing',
          body: templates.find((t) => t.id === campaign.templateIds[0])!.body,
          verticalId: campaign.verticalId,
          idempotencyKey: `campaign:${campaign.id}`,
          actorType: options.actor.type,
          actorId: actorId(options.actor),
          actorLabel: options.actor.label,
        },
      })
      const conditions = leadFilterSql(options.organizationId, filter.data!)
      const audience = await tx.$executeRaw`
        INSERT INTO campaign_audience (campaign_id, position, lead_id)
        SELECT ${campaign.id}::uuid, row_number() OVER (ORDER BY l.created_at DESC, l.id DESC), l.id
          FROM leads l ${conditions.joinProperty ? Prisma.sql`JOIN properties p ON p.id = l.property_id` : Prisma.empty}
         WHERE l.organization_id = ${options.organizationId}::uuid ${conditions.where}`
      await tx.sendBatch.update({ where: { id: batchId }, data: { requested: audience } })
      const status = schedule.startsAt && schedule.startsAt > now ? 'scheduled' : 'running'
      await tx.campaign.update({
        where: { id: campaign.id },
        data: { status, batchId, audienceCount: audience, queuedThrough: 0, launchedAt: now, healthSince: new Date(), slotsUntil: null, pausedReason: null },
      })
      await recordAudit(tx, {
        actor: options.actor,
        organizationId: options.organizationId,
        action: 'campaign.launched',
        target: { type: 'campaign', id: campaign.id },
        summary: { name: campaign.name, status, audience, startsAt: schedule.startsAt?.toISOString() ?? null },
      })
    },
    { timeout: 120_000 },
  )
  await inngest.send(campaignQueueRequestedEvent(options.organizationId, options.campaignId, 'launched'))
  return getCampaign({ organizationId: options.organizationId, campaignId: options.campaignId })
}
