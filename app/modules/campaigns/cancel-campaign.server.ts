import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { cancelQueuedSends } from '~/modules/messaging/cancel-queued-sends.server'
import { prisma } from '~/utils/db.server'
import { getCampaign, type CampaignView } from './campaign-view.server'
import { lockCampaign, notInState } from './lock-campaign.server'
import { notifyCampaignChanged } from './notify-campaign-changed.server'

/**
 * Cancels a launched campaign that has not ended: what it has waiting is
 * canceled (a dispatcher mid-step cancels the rest of its claim before the
 * next call), its snapshot is queued no further, and it is kept with its
 * counts. Audited. A draft is deleted instead.
 */
export async function cancelCampaign(options: { organizationId: string; actor: Actor; campaignId: string }): Promise<CampaignView> {
  const batchId = await prisma.$transaction(async (tx) => {
    const campaign = await lockCampaign(tx, options.organizationId, options.campaignId)
    if (!['scheduled', 'running', 'paused'].includes(campaign.status)) throw notInState(campaign.status, 'cancelled', 'scheduled, running or paused')
    await tx.campaign.update({ where: { id: campaign.id }, data: { status: 'cancelled', cancelledAt: new Date(), pausedReason: null } })
    await recordAudit(tx, {
      actor: options.actor,
      organizationId: options.organizationId,
      action: 'campaign.cancelled',
      target: { type: 'campaign', id: campaign.id },
      summary: { name: campaign.name, from: campaign.status },
    })
    return campaign.batchId
  })
  if (batchId) await cancelQueuedSends({ organizationId: options.organizationId, batchId, reason: 'campaign_cancelled' })
  await notifyCampaignChanged({ organizationId: options.organizationId, campaignId: options.campaignId })
  return getCampaign({ organizationId: options.organizationId, campaignId: options.campaignId })
}
