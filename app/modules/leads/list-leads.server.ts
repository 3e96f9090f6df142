import { prisma, Prisma } from '~/utils/db.server'
import { encodeCursor, keysetPage, keysetWindow, type Page } from '~/utils/pagination.server'
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
  const window = keysetWindow(options)
  const [rows, total] = await Promise.all([
    prisma.lead.findMany({
      where: { organizationId: options.organizationId, ...(window.where as Prisma.LeadWhereInput | undefined) },
      orderBy: window.orderBy,
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
  const page = keysetPage(rows, { ...window, pageSize: options.pageSize, encode: encodeCursor })
  return {
    total,
    items: page.items.map((row) => {
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
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  }
}
