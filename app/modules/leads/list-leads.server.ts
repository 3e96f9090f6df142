import { prisma, Prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor, keysetPage, type Page } from '~/utils/pagination.server'
import { isEmptyLeadFilter, type LeadFilter, type LeadStatusName } from './lead-filter'
import { leadFilterSql } from './lead-filter-sql.server'
import { maskPhone } from './mask-phone'

export type LeadListItem = {
  id: string
  name: string
  phone: string | null
  city: string
  state: string
  status: LeadStatusName
  grade: string | null
  tags: string[]
  createdAt: string
}

/**
 * How many leads the organization has, without counting a million rows on
 * every page load: exact up to `totalCap`, beyond it the planner's estimate
 * (table size × the organization's share in the column statistics), or only
 * "more than" when there are no statistics for it yet.
 */
export type LeadTotal = { kind: 'exact' | 'about' | 'more-than'; count: number }

export type LeadPage = Omit<Page<LeadListItem>, 'total'> & { total: LeadTotal }

export const LEAD_TOTAL_CAP = 1000

/**
 * The orders a page can be read in: both walk the same keyset
 * (created_at, id), one way or the other, so both are one range scan of the
 * index `leads (organization_id, created_at DESC, id DESC)` (read backward
 * for oldest first). An order on a column of another table (a name A–Z)
 * would need its own index and cursor, and is not offered.
 */
export const LEAD_ORDERS = ['newest', 'oldest'] as const
export type LeadOrder = (typeof LEAD_ORDERS)[number]

export function parseLeadOrder(value: string | null | undefined): LeadOrder {
  return value === 'oldest' ? 'oldest' : 'newest'
}

type PageRow = {
  id: string
  status: LeadStatusName
  grade: string | null
  tags: string[]
  createdAt: Date
  fullName: string
  e164: string | null
  city: string
  state: string
}

/**
 * One page in keyset order (created_at DESC, id DESC, or both ASC for
 * oldest first), by a row comparison the index `leads (organization_id,
 * created_at DESC, id DESC)` answers with one range scan: page 20,000 costs
 * what page 1 does, also when a whole import chunk shares one created_at.
 * `after` continues in the order, `before` goes back (read the other way,
 * then reversed by keysetPage).
 */
async function queryPage(options: {
  organizationId: string
  after: string | null
  before: string | null
  limit: number
  filter: LeadFilter
  order: LeadOrder
}) {
  const after = decodeCursor(options.after)
  const before = after ? null : decodeCursor(options.before)
  const cursor = after ?? before
  // Newest first, continuing goes to smaller keys; oldest first, to larger ones.
  const forward = options.order === 'newest' ? Prisma.sql`<` : Prisma.sql`>`
  const backward = options.order === 'newest' ? Prisma.sql`>` : Prisma.sql`<`
  const boundary = cursor
    ? Prisma.sql`AND (l.created_at, l.id) ${after ? forward : backward} (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
    : Prisma.empty
  const descending = (options.order === 'newest') !== Boolean(before)
  const direction = descending ? Prisma.sql`DESC` : Prisma.sql`ASC`
  const filter = leadFilterSql(options.organizationId, options.filter)
  const rows = await prisma.$queryRaw<PageRow[]>`
    WITH page AS (
      SELECT l.id, l.identity_id, l.property_id, l.status, l.grade, l.tags, l.created_at
      FROM leads l ${filter.joinProperty ? Prisma.sql`JOIN properties p ON p.id = l.property_id` : Prisma.empty}
      WHERE l.organization_id = ${options.organizationId}::uuid ${boundary} ${filter.where}
      ORDER BY l.created_at ${direction}, l.id ${direction}
      LIMIT ${options.limit}
    )
    SELECT l.id::text AS id, l.status::text AS status, l.grade, l.tags, l.created_at AS "createdAt",
           i.full_name AS "fullName", ph.e164, p.city, p.state::text AS state
    FROM page l
    JOIN identities i ON i.id = l.identity_id
    JOIN properties p ON p.id = l.property_id
    LEFT JOIN LATERAL (
      SELECT n.e164
      FROM identity_phones ip
      JOIN phone_numbers n ON n.id = ip.phone_id
      WHERE ip.identity_id = l.identity_id
      ORDER BY ip.position, n.e164
      LIMIT 1
    ) ph ON true
    ORDER BY l.created_at ${direction}, l.id ${direction}`
  return { rows, after, before }
}

async function leadTotal(organizationId: string, cap: number, filter: LeadFilter): Promise<LeadTotal> {
  const conditions = leadFilterSql(organizationId, filter)
  const [capped] = await prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM leads l ${conditions.joinProperty ? Prisma.sql`JOIN properties p ON p.id = l.property_id` : Prisma.empty}
      WHERE l.organization_id = ${organizationId}::uuid ${conditions.where} LIMIT ${cap + 1}) capped`
  if (capped!.n <= cap) return { kind: 'exact', count: capped!.n }
  // Beyond the cap, the statistics know the organization's share, not a filter's.
  if (!isEmptyLeadFilter(filter)) return { kind: 'more-than', count: cap }
  // pg_stats only shows columns the role may read; the app role reads leads.
  const [estimate] = await prisma.$queryRaw<{ n: number | null }[]>`
    SELECT round(c.reltuples * s.most_common_freqs[array_position(s.most_common_vals::text::uuid[], ${organizationId}::uuid)])::float8 AS n
    FROM pg_class c
    JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'leads' AND s.attname = 'organization_id'
    WHERE c.oid = 'leads'::regclass AND c.reltuples > 0`
  const n = estimate?.n
  return n && n > cap ? { kind: 'about', count: n } : { kind: 'more-than', count: cap }
}

/**
 * One page of an organization's leads, newest first (or oldest first).
 * `after` continues in that order, `before` goes back.
 */
export async function listLeads(options: {
  organizationId: string
  after?: string | null
  before?: string | null
  pageSize: number
  /** Only for users allowed to see full numbers (`read:phone:any`); everyone else gets masked ones. */
  showFullPhoneNumbers?: boolean
  /** Counted exactly up to here (tests lower it). */
  totalCap?: number
  /** Only the leads it matches (lead-filter.ts); every lead without one. */
  filter?: LeadFilter
  /** Newest first unless told. A cursor is a position, so it holds in either order. */
  order?: LeadOrder
}): Promise<LeadPage> {
  const filter = options.filter ?? {}
  const [{ rows, after, before }, total] = await Promise.all([
    queryPage({
      organizationId: options.organizationId,
      after: options.after ?? null,
      before: options.before ?? null,
      limit: options.pageSize + 1,
      filter,
      order: options.order ?? 'newest',
    }),
    leadTotal(options.organizationId, options.totalCap ?? LEAD_TOTAL_CAP, filter),
  ])
  const page = keysetPage(rows, { after, before, pageSize: options.pageSize, encode: encodeCursor })
  return {
    total,
    items: page.items.map((row) => ({
      id: row.id,
      name: row.fullName,
      phone: row.e164 ? (options.showFullPhoneNumbers ? row.e164 : maskPhone(row.e164)) : null,
      city: row.city,
      state: row.state,
      status: row.status,
      grade: row.grade,
      tags: row.tags,
      createdAt: row.createdAt.toISOString(),
    })),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  }
}
