import { prisma, Prisma } from '~/utils/db.server'
import { decodeCursor, encodeCursor, type Page } from '~/utils/pagination.server'

export type OutboxMessage = {
  id: string
  createdAt: string
  sentAt: string | null
  to: string
  subject: string
  tag: string
  status: 'queued' | 'sent' | 'failed' | 'captured'
  error: string | null
  providerMessageId: string | null
  /** Null once erased (secret-bearing emails in production) or for HTML-only emails. */
  textBody: string | null
}

/**
 * One page of the emails an organization may see, newest first: its own, and
 * platform emails (no organization, e.g. account recovery) addressed to one of
 * its members. Another organization's emails never appear, even when they went
 * to one of this organization's members. `after` continues to older messages,
 * `before` goes back to newer ones; `recipient` filters by part of the address.
 */
export async function listOutboxMessages(options: {
  organizationId: string
  recipient?: string | null
  after?: string | null
  before?: string | null
  pageSize: number
}): Promise<Page<OutboxMessage>> {
  const members = await prisma.user.findMany({
    where: { organizationId: options.organizationId },
    select: { email: true },
  })
  const recipient = options.recipient?.trim()
  const scope: Prisma.EmailMessageWhereInput = {
    OR: [
      { organizationId: options.organizationId },
      { organizationId: null, to: { in: members.map((m) => m.email), mode: 'insensitive' } },
    ],
    ...(recipient ? { to: { contains: recipient, mode: 'insensitive' } } : {}),
  }

  const after = decodeCursor(options.after)
  const before = after ? null : decodeCursor(options.before)
  const boundary = after ?? before
  const keyset: Prisma.EmailMessageWhereInput | undefined = boundary
    ? after
      ? { OR: [{ createdAt: { lt: boundary.createdAt } }, { createdAt: boundary.createdAt, id: { lt: boundary.id } }] }
      : { OR: [{ createdAt: { gt: boundary.createdAt } }, { createdAt: boundary.createdAt, id: { gt: boundary.id } }] }
    : undefined
  const direction = before ? 'asc' : 'desc'

  const [rows, total] = await Promise.all([
    prisma.emailMessage.findMany({
      where: keyset ? { AND: [scope, keyset] } : scope,
      orderBy: [{ createdAt: direction }, { id: direction }],
      take: options.pageSize + 1,
      select: {
        id: true,
        createdAt: true,
        sentAt: true,
        to: true,
        subject: true,
        tag: true,
        status: true,
        error: true,
        providerMessageId: true,
        textBody: true,
      },
    }),
    prisma.emailMessage.count({ where: scope }),
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
    items: page.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    })),
    nextCursor: moreOlder && last ? encodeCursor(last) : null,
    prevCursor: moreNewer && first ? encodeCursor(first) : null,
  }
}
