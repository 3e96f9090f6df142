import { randomUUID } from 'node:crypto'
import { InngestTestEngine } from '@inngest/test'
import { afterEach, describe, expect, it } from 'vitest'
import { deleteExpiredIdempotencyKeys } from '~/modules/integrations/delete-expired-idempotency-keys.server'
import { IDEMPOTENCY_TTL_MS } from '~/utils/api/idempotency-key'
import { prisma } from '~/utils/db.server'
import { insertRuns } from '~/utils/jobs/job-store.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { keyWith } from '../../../tests/support/api-fixture-operations'
import { functions } from '../../index'
import { expireIdempotencyKeys } from './delete-expired-idempotency-keys'

let runner: InProcessRunner | undefined
afterEach(async () => {
  await runner?.stop()
  runner = undefined
  await prisma.jobRun.deleteMany()
})

/** Idempotency-Keys of one API key, one per age (ms since it was claimed). */
async function keysAged(ages: Record<string, number>) {
  const { apiKey } = await keyWith(['leads:write'])
  const now = Date.now()
  for (const [key, age] of Object.entries(ages)) {
    await prisma.idempotencyKey.create({
      data: {
        apiKeyId: apiKey.id,
        key,
        operationId: 'createThing',
        requestHash: 'h',
        lockToken: randomUUID(),
        lockedUntil: new Date(now - age + 60_000),
        responseStatus: 201,
        responseBody: '{}',
        createdAt: new Date(now - age),
        expiresAt: new Date(now - age + IDEMPOTENCY_TTL_MS),
      },
    })
  }
  return apiKey.id
}

const remaining = async (apiKeyId: string) =>
  (await prisma.idempotencyKey.findMany({ where: { apiKeyId }, orderBy: { key: 'asc' } })).map((row) => row.key)

describe('api-delete-expired-idempotency-keys', () => {
  it('deletes the keys older than 24 hours, in batches, and keeps the rest (@inngest/test)', async () => {
    const apiKeyId = await keysAged({ fresh: 60_000, day: IDEMPOTENCY_TTL_MS - 60_000, expired1: IDEMPOTENCY_TTL_MS + 1000, expired2: 2 * IDEMPOTENCY_TTL_MS, expired3: 3 * IDEMPOTENCY_TTL_MS })
    expect(await deleteExpiredIdempotencyKeys({ now: new Date(), batchSize: 2 })).toEqual({ deleted: 3 })
    expect(await remaining(apiKeyId)).toEqual(['day', 'fresh'])
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'idempotency_keys.expired_deleted' } })
    expect(audit).toMatchObject({ actorType: 'system', summary: { deleted: 3 } })

    const later = await keysAged({ expired: IDEMPOTENCY_TTL_MS + 1000 })
    const engine = new InngestTestEngine({ function: expireIdempotencyKeys })
    const { result, ctx } = await engine.execute({ events: [{ name: 'inngest/scheduled.timer', data: { cron: '23 * * * *' } }] })
    expect(result).toEqual({ deleted: 1 })
    expect(ctx.step.run).toHaveBeenCalledWith('delete-expired', expect.any(Function))
    expect(await remaining(later)).toEqual([])
  })

  it('runs hourly in the in-process runner', async () => {
    expect(expireIdempotencyKeys.opts.triggers).toContainEqual({ cron: '23 * * * *' })
    const apiKeyId = await keysAged({ fresh: 1000, expired: IDEMPOTENCY_TTL_MS + 1000 })
    await insertRuns([
      {
        functionId: 'api-delete-expired-idempotency-keys',
        dedupeKey: `api-delete-expired-idempotency-keys:cron:${randomUUID()}`,
        event: { id: randomUUID(), name: 'inngest/scheduled.timer', data: { cron: '23 * * * *' }, ts: Date.now() },
      },
    ])
    runner = startInProcessRunner({ functions, pollIntervalMs: 20 })
    await runner.drain()
    const run = await prisma.jobRun.findFirstOrThrow({ where: { functionId: 'api-delete-expired-idempotency-keys' } })
    expect(run).toMatchObject({ status: 'completed', output: { deleted: 1 } })
    expect(await remaining(apiKeyId)).toEqual(['fresh'])
  })
})
