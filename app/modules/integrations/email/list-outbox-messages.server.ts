import { prisma, Prisma } from '~/utils/db.server'
import { encodeCursor, keysetPage, keysetWindow, type Page } from '~/utils/pagination.server'

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

  const window = keysetWindow(options)

  const [rows, total] = await Promise.all([
    prisma.emailMessage.findMany({
      where: window.where ? { AND: [scope, window.where as Prisma.EmailMessageWhereInput] } : scope,
      orderBy: window.orderBy,
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
  const page = keysetPage(rows, { ...window, pageSize: options.pageSize, encode: encodeCursor })
  return {
    total,
    items: page.items.map((row) => ({
      ...row,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    })),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  }
}
