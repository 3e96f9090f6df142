import { systemActor } from '~/modules/audit/actor'
import { recordAudit } from '~/modules/audit/record-audit.server'
import { prisma } from '~/utils/db.server'

/**
 * Deletes Idempotency-Keys past their 24 hours (with the answers they kept),
 * in batches so a large backlog never holds one long lock. Their retries are
 * new requests from then on.
 */
export async function deleteExpiredIdempotencyKeys({ now, batchSize = 5000 }: { now: Date; batchSize?: number }): Promise<{ deleted: number }> {
  let deleted = 0
  for (;;) {
    const batch = await prisma.$executeRaw`
      DELETE FROM idempotency_keys
       WHERE id IN (SELECT id FROM idempotency_keys WHERE expires_at <= ${now} LIMIT ${batchSize})`
    deleted += batch
    if (batch < batchSize) break
  }
  if (deleted > 0) {
    await recordAudit(prisma, { actor: systemActor('job:api-delete-expired-idempotency-keys'), action: 'idempotency_keys.expired_deleted', summary: { deleted } })
  }
  return { deleted }
}
