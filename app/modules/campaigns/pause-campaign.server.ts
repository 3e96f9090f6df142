import type { Actor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { pool, prisma } from '~/utils/db.server'
import { getCampaign, type CampaignView } from './campaign-view.server'
import { lockCampaign, notInState } from './lock-campaign.server'
import { notifyCampaignChanged } from './notify-campaign-changed.server'

/** Waiting messages held per statement after a pause: a short transaction each, however large the campaign. */
const HOLD_BATCH = 10_000

/**
 * Pauses a running or scheduled campaign, and says why, audited. The pause
 * is the status change alone, committed at once: from then a dispatcher
 * holds any of its messages before the call (it looks at most a second
 * late), and its queue job writes new rows held. Its waiting messages are
 * then held in batches, each under a share lock of the campaign that a
 * resume (which takes it exclusively) waits for, so none is held after it.
 */
export async function pauseCampaign(options: { organizationId: string; actor: Actor; campaignId: string; reason?: string }): Promise<CampaignView> {
  const reason = options.reason?.trim() || `Paused by ${options.actor.label}`
  const batchId = await prisma.$transaction(async (tx) => {
    const campaign = await lockCampaign(tx, options.organizationId, options.campaignId)
    if (campaign.status !== 'running' && campaign.status !== 'scheduled') throw notInState(campaign.status, 'paused', 'running or scheduled')
    await tx.campaign.update({ where: { id: campaign.id }, data: { status: 'paused', pausedReason: reason.slice(0, 500) } })
    await recordAudit(tx, {
      actor: options.actor,
      organizationId: options.organizationId,
      action: 'campaign.paused',
      target: { type: 'campaign', id: campaign.id },
      summary: { name: campaign.name, reason },
    })
    return campaign.batchId
  })
  if (batchId) await holdWaiting(options.campaignId, batchId)
  await notifyCampaignChanged({ organizationId: options.organizationId, campaignId: options.campaignId })
  return getCampaign({ organizationId: options.organizationId, campaignId: options.campaignId })
}

/** Holds a paused campaign's pending messages, a batch per transaction, while it is still paused. */
async function holdWaiting(campaignId: string, batchId: string) {
  for (;;) {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const { rows } = await client.query<{ status: string }>(`SELECT status FROM campaigns WHERE id = $1 FOR SHARE`, [campaignId])
      if (rows[0]?.status !== 'paused') {
        await client.query('COMMIT')
        return
      }
      const held = await client.query(
        `UPDATE send_queue SET status = 'held', updated_at = now()
          WHERE id IN (SELECT id FROM send_queue WHERE batch_id = $1 AND status = 'pending' LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [batchId, HOLD_BATCH],
      )
      await client.query('COMMIT')
      if ((held.rowCount ?? 0) < HOLD_BATCH) return
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }
}
