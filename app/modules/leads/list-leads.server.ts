import { prisma, Prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor, type Page } from '~/utils/pagination.server'
import { maskPhone } from './mask-phone'

export type LeadListItem = {
  id: string
  name: string
  phone: string | null
  city: string
  state: string
  status: string
  grade: string | null
  tags: string[]
  createdAt: string
}

/**
 * One page of an organization's leads, newest first. `after` continues to
 * older leads, `before` goes back to newer ones.
 */
export async function listLeads(options: {
  organizationId: string
  after?: string | null
  before?: string | null
  pageSize: number
  /** Only for users allowed to see full numbers (`read:phone:any`); everyone else gets masked ones. */
  showFullPhoneNumbers?: boolean
}): Promise<Page<LeadListItem>> {
  const after = decodeCursor(options.after)
  const before = after ? null : decodeCursor(options.before)
  const boundary = after ?? before
  const keyset: Prisma.LeadWhereInput | undefined = boundary
    ? after
      ? { OR: [{ createdAt: { lt: boundary.createdAt } }, { createdAt: boundary.createdAt, id: { lt: boundary.id } }] }
      : { OR: [{ createdAt: { gt: boundary.createdAt } }, { createdAt: boundary.createdAt, id: { gt: boundary.id } }] }
    : undefined
  const direction = before ? 'asc' : 'desc'
  const [rows, total] = await Promise.all([
    prisma.lead.findMany({
      where: { organizationId: options.organizationId, ...keyset },
      orderBy: [{ createdAt: direction }, { id: direction }],
      take: options.pageSize + 1,
      select: {
        id: true,
        status: true,
        grade: true,
        tags: true,
        createdAt: true,
        identity: {
          select: {
            fullName: true,
            phones: { orderBy: { position: 'asc' }, take: 1, select: { phone: { select: { e164: true } } } },
          },
        },
        property: { select: { city: true, state: true } },
      },
    }),
    prisma.lead.count({ where: { organizationId: options.organizationId } }),
  ])
  const hasMore = rows.length > options.pageSize
  const page = rows.slice(0, options.pageSize)
  if (before) page.reverse()
  const first = page[0]
  const last = page[page.length - 1]
  const moreNewer = before ? hasMore : Boolean(after)
  const moreOlder = before ? true : hasMore
  return {
    total,
    items: page.map((row) => {
      const e164 = row.identity.phones[0]?.phone.e164
      return {
        id: row.id,
        name: row.identity.fullName,
        phone: e164 ? (options.showFullPhoneNumbers ? e164 : maskPhone(e164)) : null,
        city: row.property.city,
        state: row.property.state,
        status: row.status,
        grade: row.grade,
        tags: row.tags,
        createdAt: row.createdAt.toISOString(),
      }
    }),
    nextCursor: moreOlder && last ? encodeCursor(last) : null,
    prevCursor: moreNewer && first ? encodeCursor(first) : null,
  }
}
