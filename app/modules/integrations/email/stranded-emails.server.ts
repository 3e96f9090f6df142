import { systemActor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'
import { markEmailFailed } from './mark-email-failed.server'

/** Delivery starts within seconds of queueing; a row still `queued` after this lost its event (a crash between commit and send). */
export const STRANDED_AFTER_MS = 2 * 60_000

/**
 * Inngest deduplicates event ids for 24 hours, so a resent `email/queued`
 * event cannot start a second delivery within that window. Past it we stop
 * resending and say why the email never went out.
 */
export const ABANDON_AFTER_MS = 24 * 60 * 60_000

/** Ids of `queued` emails old enough to have lost their delivery event and young enough to resend it safely. */
export async function findStrandedEmails({ now, limit = 500 }: { now: Date; limit?: number }): Promise<string[]> {
  const rows = await prisma.emailMessage.findMany({
    where: {
      status: 'queued',
      createdAt: { lte: new Date(now.getTime() - STRANDED_AFTER_MS), gt: new Date(now.getTime() - ABANDON_AFTER_MS) },
    },
    orderBy: { createdAt: 'asc' },
    take: limit,
    select: { id: true },
  })
  return rows.map((row) => row.id)
}

/** Marks `queued` emails older than a day as failed, with the reason, in one audit row; returns how many. */
export async function failAbandonedEmails({ now, limit = 500 }: { now: Date; limit?: number }): Promise<number> {
  const rows = await prisma.emailMessage.findMany({
    where: { status: 'queued', createdAt: { lte: new Date(now.getTime() - ABANDON_AFTER_MS) } },
    orderBy: { createdAt: 'asc' },
    take: limit,
    select: { id: true },
  })
  const failed: string[] = []
  for (const { id } of rows) {
    if (await markEmailFailed({ messageId: id, error: 'Never delivered: still queued a day after it was written' })) failed.push(id)
  }
  if (failed.length > 0) {
    await recordAudit(prisma, {
      actor: systemActor('job:email-requeue-stranded'),
      action: 'email.abandoned',
      summary: { count: failed.length, emailIds: failed },
    })
  }
  return failed.length
}
