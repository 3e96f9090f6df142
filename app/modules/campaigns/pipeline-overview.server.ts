import { sendClockNow } from '~/modules/messaging/send-clock.server'
import { maskPhone } from '~/modules/leads/mask-phone'
import { pool, prisma } from '~/utils/db.server'
import { campaignViews, type CampaignView } from './campaign-view.server'
import { listCrusades, type CrusadeView } from './crusades.server'

export type PipelineOverview = {
  files: { id: string; filename: string; status: string; stage: string; rows: number | null; createdAt: string }[]
  campaigns: Pick<CampaignView, 'id' | 'name' | 'status' | 'pausedReason' | 'counts' | 'crusade'>[]
  campaignsByStatus: Record<string, number>
  numbers: { id: string; e164: string; status: string; waiting: number; sentToday: number; failedToday: number }[]
  crusades: Pick<CrusadeView, 'id' | 'name' | 'rollup' | 'campaigns'>[]
}

const RECENT = 10

/**
 * The organization's pipeline on one page: recent import files, the
 * campaigns that are live (or last ended), the sender numbers with what
 * waits on each and what each sent today, and the crusades' rollups.
 */
export async function pipelineOverview(options: { organizationId: string; showNumbers: boolean }): Promise<PipelineOverview> {
  const { organizationId } = options
  const dayStart = new Date(sendClockNow())
  dayStart.setUTCHours(0, 0, 0, 0)
  const [files, campaignRows, byStatus, numbers, crusades] = await Promise.all([
    prisma.importFile.findMany({ where: { organizationId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: RECENT, select: { id: true, filename: true, status: true, stage: true, rowCount: true, createdAt: true } }),
    prisma.campaign.findMany({
      where: { organizationId, status: { not: 'draft' } },
      // Live ones first, then the most recently launched.
      orderBy: [{ launchedAt: 'desc' }, { id: 'desc' }],
      take: RECENT * 3,
      include: { crusade: { select: { id: true, name: true } } },
    }),
    prisma.campaign.groupBy({ by: ['status'], where: { organizationId }, _count: true }),
    pool.query<{ id: string; e164: string; status: string; waiting: number; sent_today: number; failed_today: number }>(
      `SELECT sn.id, sn.e164, sn.status::text AS status,
              count(q.id) FILTER (WHERE q.status IN ('pending', 'held', 'sending'))::int AS waiting,
              count(q.id) FILTER (WHERE q.status IN ('sent', 'unknown') AND q.sent_at >= $2)::int AS sent_today,
              count(q.id) FILTER (WHERE q.status = 'failed' AND q.updated_at >= $2)::int AS failed_today
         FROM sender_numbers sn
         LEFT JOIN send_queue q ON q.sender_number_id = sn.id AND (q.status IN ('pending', 'held', 'sending') OR q.updated_at >= $2)
        WHERE sn.organization_id = $1
        GROUP BY sn.id ORDER BY sn.e164`,
      [organizationId, dayStart],
    ),
    listCrusades({ organizationId, limit: RECENT }),
  ])
  const live = ['running', 'paused', 'scheduled']
  const chosen = [...campaignRows.filter((c) => live.includes(c.status)), ...campaignRows.filter((c) => !live.includes(c.status))].slice(0, RECENT)
  const views = await campaignViews(chosen)
  return {
    files: files.map((f) => ({ id: f.id, filename: f.filename, status: f.status, stage: f.stage, rows: f.rowCount, createdAt: f.createdAt.toISOString() })),
    campaigns: views.map(({ id, name, status, pausedReason, counts, crusade }) => ({ id, name, status, pausedReason, counts, crusade })),
    campaignsByStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count])),
    numbers: numbers.rows.map((n) => ({
      id: n.id,
      e164: options.showNumbers ? n.e164 : maskPhone(n.e164),
      status: n.status,
      waiting: n.waiting,
      sentToday: n.sent_today,
      failedToday: n.failed_today,
    })),
    crusades: crusades.data.map(({ id, name, rollup, campaigns }) => ({ id, name, rollup, campaigns })),
  }
}
