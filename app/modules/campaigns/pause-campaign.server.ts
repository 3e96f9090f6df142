import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { getCampaign, type CampaignView } from './campaign-view.server'
import { lockCampaign, notInState } from './lock-campaign.server'
import { notifyCampaignChanged } from './notify-campaign-changed.server'

/**
 * Pauses a running or scheduled campaign: everything it has waiting is
 * held (not claimed by any dispatcher), and a dispatcher mid-step holds the
 * rest of its claim before the next call (it looks at most a second late),
 * so nothing new goes out within seconds. Says why, audited.
 */
export async function pauseCampaign(options: { organizationId: string; actor: Actor; campaignId: string; reason?: string }): Promise<CampaignView> {
  const reason = options.reason?.trim() || `Paused by ${options.actor.label}`
  await prisma.$transaction(async (tx) => {
    const campaign = await lockCampaign(tx, options.organizationId, options.campaignId)
    if (campaign.status !== 'running' && campaign.status !== 'scheduled') throw notInState(campaign.status, 'paused', 'running or scheduled')
    await tx.campaign.update({ where: { id: campaign.id }, data: { status: 'paused', pausedReason: reason.slice(0, 500) } })
    const held = campaign.batchId ? await tx.$executeRaw`UPDATE send_queue SET status = 'held', updated_at = now() WHERE batch_id = ${campaign.batchId}::uuid AND status = 'pending'` : 0
    await recordAudit(tx, {
      actor: options.actor,
      organizationId: options.organizationId,
      action: 'campaign.paused',
      target: { type: 'campaign', id: campaign.id },
      summary: { name: campaign.name, reason, held },
    })
  })
  await notifyCampaignChanged({ organizationId: options.organizationId, campaignId: options.campaignId })
  return getCampaign({ organizationId: options.organizationId, campaignId: options.campaignId })
}
