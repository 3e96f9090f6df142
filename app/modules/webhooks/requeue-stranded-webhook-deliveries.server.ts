import { prisma } from '~/utils/db.server'
import { requestWebhookDeliveries } from './emit-webhook-event.server'

/** A pending delivery this far past its due time has lost its run (a hand-over that failed, a run that died). */
const STRANDED_AFTER_MS = 5 * 60_000

/**
 * Asks again for the runs of deliveries overdue by 5 minutes: the events of
 * an emission whose hand-over to Inngest failed after the rows were stored,
 * or a run that was lost. The attempt's claim keeps a run that is only late
 * from posting the same attempt twice.
 */
export async function requeueStrandedWebhookDeliveries(options: { now?: Date; limit?: number } = {}): Promise<{ requeued: number }> {
  const now = options.now ?? new Date()
  const stranded = await prisma.webhookDelivery.findMany({
    where: { status: 'pending', nextAttemptAt: { lt: new Date(now.getTime() - STRANDED_AFTER_MS) } },
    select: { id: true, organizationId: true, attemptCount: true },
    orderBy: { nextAttemptAt: 'asc' },
    take: options.limit ?? 500,
  })
  // One request per (delivery, attempt, sweep): a sweep's request for an attempt is not deduplicated with the original's.
  const occasion = `requeued-${Math.floor(now.getTime() / STRANDED_AFTER_MS)}`
  await requestWebhookDeliveries(stranded, occasion)
  return { requeued: stranded.length }
}
