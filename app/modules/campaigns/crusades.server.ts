import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor, keysetPage, keysetWindow } from '~/utils/pagination.server'
import { addCounts, type CampaignCounts } from './campaign-counts.server'
import type { CrusadeInput } from './campaign-input'
import { campaignViews, type CampaignView } from './campaign-view.server'

export type CrusadeView = {
  id: string
  name: string
  schedule: { days: number[]; windowStart: string; windowEnd: string; timeZone: string; throttlePerMinute: number }
  campaigns: Pick<CampaignView, 'id' | 'name' | 'status' | 'pausedReason' | 'counts'>[]
  /** Its campaigns' counts added up. */
  rollup: CampaignCounts
  createdBy: string
  createdAt: string
  updatedAt: string
}

type Row = Prisma.CrusadeGetPayload<{ include: { campaigns: { include: { crusade: { select: { id: true; name: true } } } } } }>

async function views(rows: readonly Row[]): Promise<CrusadeView[]> {
  const campaigns = await campaignViews(rows.flatMap((r) => r.campaigns))
  return rows.map((r) => {
    const own = campaigns.filter((c) => c.crusade?.id === r.id).map(({ id, name, status, pausedReason, counts }) => ({ id, name, status, pausedReason, counts }))
    return {
      id: r.id,
      name: r.name,
      schedule: { days: r.days, windowStart: r.windowStart, windowEnd: r.windowEnd, timeZone: r.timeZone, throttlePerMinute: r.throttlePerMinute },
      campaigns: own,
      rollup: addCounts(own.map((c) => c.counts)),
      createdBy: r.createdByLabel,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }
  })
}

const include = { campaigns: { include: { crusade: { select: { id: true, name: true } } }, orderBy: { createdAt: 'asc' as const } } }

export async function getCrusade(options: { organizationId: string; crusadeId: string }): Promise<CrusadeView> {
  const row = await prisma.crusade.findFirst({ where: { id: options.crusadeId, organizationId: options.organizationId }, include })
  if (!row) throw new AppError('crusade_not_found', 'No such crusade in the organization.', 404)
  return (await views([row]))[0]!
}

/** One page of the organization's crusades, newest first, each with its campaigns and rollup. */
export async function listCrusades(options: { organizationId: string; limit: number; cursor?: string | null }): Promise<{ data: CrusadeView[]; nextCursor: string | null }> {
  if (options.cursor && !decodeCursor(options.cursor)) throw new AppError('invalid_cursor', 'This cursor is not one we gave out: pass a nextCursor back unchanged.', 400)
  const window = keysetWindow({ after: options.cursor ?? null })
  const rows = await prisma.crusade.findMany({ where: { organizationId: options.organizationId, ...window.where }, orderBy: window.orderBy, take: options.limit + 1, include })
  const page = keysetPage(rows, { pageSize: options.limit, after: window.after, before: null, encode: encodeCursor })
  return { data: await views(page.items), nextCursor: page.nextCursor }
}

const nameTaken = (name: string) => new AppError('crusade_name_taken', `The organization already has a crusade named “${name}”.`, 409, { fieldErrors: { name: 'Taken.' } })
const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'

/** A new crusade, audited. */
export async function createCrusade(options: { organizationId: string; actor: Actor; input: CrusadeInput }): Promise<CrusadeView> {
  try {
    const id = await withAudit({ actor: options.actor, action: 'crusade.created', organizationId: options.organizationId }, async (tx) => {
      const row = await tx.crusade.create({ data: { organizationId: options.organizationId, ...options.input, createdByLabel: options.actor.label } })
      return { result: row.id, target: { type: 'crusade', id: row.id }, summary: { ...options.input } }
    })
    return getCrusade({ organizationId: options.organizationId, crusadeId: id })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(options.input.name)
    throw error
  }
}

/** Changes a crusade's name, schedule or throttle, audited; messages already queued keep their slots, later ones follow the change. */
export async function updateCrusade(options: { organizationId: string; actor: Actor; crusadeId: string; input: CrusadeInput }): Promise<CrusadeView> {
  try {
    await withAudit({ actor: options.actor, action: 'crusade.updated', organizationId: options.organizationId, target: { type: 'crusade', id: options.crusadeId } }, async (tx) => {
      const { count } = await tx.crusade.updateMany({ where: { id: options.crusadeId, organizationId: options.organizationId }, data: options.input })
      if (!count) throw new AppError('crusade_not_found', 'No such crusade in the organization.', 404)
      return { result: undefined, summary: { ...options.input } }
    })
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(options.input.name)
    throw error
  }
  return getCrusade({ organizationId: options.organizationId, crusadeId: options.crusadeId })
}

/**
 * Deletes a crusade whose campaigns are all drafts or ended, audited; its
 * campaigns stay, outside any crusade. One with a campaign still scheduled,
 * running or paused is refused (409): they share its schedule and budget.
 */
export async function deleteCrusade(options: { organizationId: string; actor: Actor; crusadeId: string }): Promise<void> {
  await withAudit({ actor: options.actor, action: 'crusade.deleted', organizationId: options.organizationId, target: { type: 'crusade', id: options.crusadeId } }, async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string; name: string }[]>`
      SELECT id, name FROM crusades WHERE id = ${options.crusadeId}::uuid AND organization_id = ${options.organizationId}::uuid FOR UPDATE`
    if (!row) throw new AppError('crusade_not_found', 'No such crusade in the organization.', 404)
    const live = await tx.campaign.count({ where: { crusadeId: row.id, status: { in: ['scheduled', 'running', 'paused'] } } })
    if (live) throw new AppError('crusade_has_live_campaigns', `${live} of its campaigns are scheduled, running or paused; cancel them or let them end first.`, 409)
    const detached = await tx.campaign.updateMany({ where: { crusadeId: row.id }, data: { crusadeId: null } })
    await tx.crusade.delete({ where: { id: row.id } })
    return { result: undefined, summary: { name: row.name, campaignsDetached: detached.count } }
  })
}
