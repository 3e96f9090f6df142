import type { Campaign } from '~/generated/prisma/client.ts'
import { leadFilter, type LeadFilter } from '~/modules/leads/lead-filter'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor, keysetPage, keysetWindow } from '~/utils/pagination.server'
import { countBatches, NO_COUNTS, type CampaignCounts } from './campaign-counts.server'

export type CampaignStatus = Campaign['status']

export type CampaignView = {
  id: string
  name: string
  status: CampaignStatus
  purpose: Campaign['purpose']
  crusade: { id: string; name: string } | null
  verticalId: string | null
  savedFilter: { id: string; name: string } | null
  filter: LeadFilter | null
  templates: { id: string; name: string }[]
  senderNumberIds: string[]
  carrierAccountIds: string[]
  senderName: string | null
  schedule: {
    days: number[]
    windowStart: string
    windowEnd: string
    timeZone: string
    startsAt: string | null
    endsAt: string | null
    throttlePerMinute: number
    jitterSeconds: number
  }
  pauseFilteredPercent: number
  pauseFailedPercent: number
  pausedReason: string | null
  /** The send batch its messages are queued in, once launched. */
  batchId: string | null
  /** How much of the launch snapshot has been decided and queued. */
  queuedThrough: number
  counts: CampaignCounts
  createdBy: string
  createdAt: string
  updatedAt: string
  launchedAt: string | null
  completedAt: string | null
  cancelledAt: string | null
}

type Row = Campaign & { crusade: { id: string; name: string } | null }

/** Campaign rows as views, with their templates' and saved filters' names and their counts. */
export async function campaignViews(rows: readonly Row[]): Promise<CampaignView[]> {
  const templateIds = [...new Set(rows.flatMap((r) => r.templateIds))]
  const filterIds = [...new Set(rows.flatMap((r) => (r.savedFilterId ? [r.savedFilterId] : [])))]
  const [templates, filters, counts] = await Promise.all([
    prisma.messageTemplate.findMany({ where: { id: { in: templateIds } }, select: { id: true, name: true } }),
    prisma.savedLeadFilter.findMany({ where: { id: { in: filterIds } }, select: { id: true, name: true } }),
    countBatches(rows.flatMap((r) => (r.batchId ? [r.batchId] : []))),
  ])
  const templateName = new Map(templates.map((t) => [t.id, t.name]))
  const filterName = new Map(filters.map((f) => [f.id, f.name]))
  return rows.map((r) => {
    const parsed = leadFilter.safeParse(r.filter)
    const batchCounts = r.batchId ? counts.get(r.batchId) : undefined
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      purpose: r.purpose,
      crusade: r.crusade,
      verticalId: r.verticalId,
      savedFilter: r.savedFilterId ? { id: r.savedFilterId, name: filterName.get(r.savedFilterId) ?? '(deleted filter)' } : null,
      filter: parsed.success ? parsed.data : null,
      templates: r.templateIds.map((id) => ({ id, name: templateName.get(id) ?? '(deleted template)' })),
      senderNumberIds: r.senderNumberIds,
      carrierAccountIds: r.carrierAccountIds,
      senderName: r.senderName,
      schedule: {
        days: r.days,
        windowStart: r.windowStart,
        windowEnd: r.windowEnd,
        timeZone: r.timeZone,
        startsAt: r.startsAt?.toISOString() ?? null,
        endsAt: r.endsAt?.toISOString() ?? null,
        throttlePerMinute: r.throttlePerMinute,
        jitterSeconds: r.jitterSeconds,
      },
      pauseFilteredPercent: r.pauseFilteredPercent,
      pauseFailedPercent: r.pauseFailedPercent,
      pausedReason: r.pausedReason,
      batchId: r.batchId,
      queuedThrough: r.queuedThrough,
      counts: { ...(batchCounts ?? NO_COUNTS), audience: r.audienceCount },
      createdBy: r.createdByLabel,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      launchedAt: r.launchedAt?.toISOString() ?? null,
      completedAt: r.completedAt?.toISOString() ?? null,
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
    }
  })
}

const withCrusade = { crusade: { select: { id: true, name: true } } } as const

export async function getCampaign(options: { organizationId: string; campaignId: string }): Promise<CampaignView> {
  const row = await prisma.campaign.findFirst({ where: { id: options.campaignId, organizationId: options.organizationId }, include: withCrusade })
  if (!row) throw new AppError('campaign_not_found', 'No such campaign in the organization.', 404)
  return (await campaignViews([row]))[0]!
}

/** One page of the organization's campaigns, newest first (keyset on created_at, id), optionally of one status or crusade. */
export async function listCampaigns(options: {
  organizationId: string
  limit: number
  cursor?: string | null
  status?: CampaignStatus | null
  crusadeId?: string | null
}): Promise<{ data: CampaignView[]; nextCursor: string | null }> {
  if (options.cursor && !decodeCursor(options.cursor)) throw new AppError('invalid_cursor', 'This cursor is not one we gave out: pass a nextCursor back unchanged.', 400)
  const window = keysetWindow({ after: options.cursor ?? null })
  const rows = await prisma.campaign.findMany({
    where: {
      organizationId: options.organizationId,
      ...(options.status ? { status: options.status } : {}),
      ...(options.crusadeId ? { crusadeId: options.crusadeId } : {}),
      ...window.where,
    },
    orderBy: window.orderBy,
    take: options.limit + 1,
    include: withCrusade,
  })
  const page = keysetPage(rows, { pageSize: options.limit, after: window.after, before: null, encode: encodeCursor })
  return { data: await campaignViews(page.items), nextCursor: page.nextCursor }
}
