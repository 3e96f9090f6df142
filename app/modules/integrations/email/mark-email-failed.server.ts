import { prisma, Prisma } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'

const MAX_ERROR_LENGTH = 2000

/**
 * Records why a queued email will not be delivered. Only a `queued` row
 * changes, so a late failure never overwrites a send that went through.
 * Returns whether the row changed.
 */
export async function markEmailFailed({
  messageId,
  error,
  db = prisma,
}: {
  messageId: string
  error: string
  db?: Prisma.TransactionClient
}): Promise<boolean> {
  const message = await db.emailMessage.findUnique({ where: { id: messageId }, select: { carriesSecret: true } })
  if (!message) return false
  const eraseBodies = getEnv().APP_ENV === 'production' && message.carriesSecret
  const { count } = await db.emailMessage.updateMany({
    where: { id: messageId, status: 'queued' },
    data: {
      status: 'failed',
      error: error.slice(0, MAX_ERROR_LENGTH),
      ...(eraseBodies ? { textBody: null, htmlBody: null } : {}),
    },
  })
  return count === 1
}
