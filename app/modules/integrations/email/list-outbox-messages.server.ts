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
  /** The body holds a one-time secret (a sign-in, recovery or invitation link, a code). */
  carriesSecret: boolean
  /** The body is withheld: it carries a secret and the viewer is not its recipient. */
  bodyHidden: boolean
  /** Null when hidden, once erased (secret-bearing emails in production) or for HTML-only emails. */
  textBody: string | null
}

/**
 * Who is looking. Only the signed-in user whose address is the email's `to`
 * is its recipient; a super admin acting inside another organization never
 * is, whatever the address.
 */
export type OutboxViewer = { email: string; impersonating: boolean }

function isRecipient(viewer: OutboxViewer, to: string) {
  return !viewer.impersonating && viewer.email.trim().toLowerCase() === to.trim().toLowerCase()
}

/**
 * One page of the emails an organization may see, newest first: its own, and
 * platform emails (no organization, e.g. account recovery) addressed to one of
 * its members. Another organization's emails never appear, even when they went
 * to one of this organization's members. `after` continues to older messages,
 * `before` goes back to newer ones; `recipient` filters by part of the address.
 *
 * The body of an email that carries a secret is returned only to its
 * recipient: anyone else (an admin, an impersonating super admin) learns that
 * it was sent, to whom and when, but never gets the link.
 */
export async function listOutboxMessages(options: {
  organizationId: string
  viewer: OutboxViewer
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
        carriesSecret: true,
        textBody: true,
      },
    }),
    prisma.emailMessage.count({ where: scope }),
  ])
  const page = keysetPage(rows, { ...window, pageSize: options.pageSize, encode: encodeCursor })
  return {
    total,
    items: page.items.map((row) => {
      const bodyHidden = row.carriesSecret && !isRecipient(options.viewer, row.to)
      return {
        ...row,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt?.toISOString() ?? null,
        bodyHidden,
        textBody: bodyHidden ? null : row.textBody,
      }
    }),
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
  }
}
