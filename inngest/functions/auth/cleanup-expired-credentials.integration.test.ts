import { InngestTestEngine } from '@inngest/test'
import { afterEach, describe, expect, it } from 'vitest'
import { createSession, SESSION_IDLE_TIMEOUT_MS } from '~/modules/auth/sessions.server'
import { hashToken } from '~/modules/auth/tokens.server'
import { prisma } from '~/utils/db.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { createUser } from '../../../tests/support/factories'
import { inngest } from '../../client'
import { authCleanupRequested } from '../../events'
import { functions } from '../../index'
import { cleanupExpiredCredentials } from './cleanup-expired-credentials'

async function sessions() {
  const user = await createUser()
  const live = await createSession({ userId: user.id })
  const stale = await createSession({ userId: user.id, now: new Date(Date.now() - SESSION_IDLE_TIMEOUT_MS - 60_000) })
  return { user, live, stale }
}

const remainingIds = async (userId: string) =>
  (await prisma.session.findMany({ where: { userId }, select: { id: true } })).map((s) => s.id)

describe('auth-cleanup-expired-credentials', () => {
  let runner: InProcessRunner | undefined
  afterEach(async () => {
    await runner?.stop()
    runner = undefined
  })

  it('deletes expired sessions in one named step (@inngest/test)', async () => {
    const { user, live } = await sessions()
    const engine = new InngestTestEngine({ function: cleanupExpiredCredentials })
    const { result, ctx } = await engine.execute({ events: [{ name: 'auth/cleanup.requested', data: {} }] })
    expect(result).toEqual({ sessions: 1, signInTokens: 0, challenges: 0, rateLimitBuckets: 0 })
    expect(ctx.step.run).toHaveBeenCalledWith('delete-expired', expect.any(Function))
    expect(await remainingIds(user.id)).toEqual([hashToken(live.token)])
  })

  it('runs through the in-process runner when the app sends its event with the real SDK', async () => {
    const { user, live } = await sessions()
    const { ids } = await inngest.send(authCleanupRequested.create({ reason: 'test' }))
    expect(ids).toHaveLength(1)

    runner = startInProcessRunner({ functions, pollIntervalMs: 50 })
    await runner.drain()

    const run = await prisma.jobRun.findFirstOrThrow({ where: { functionId: 'auth-cleanup-expired-credentials' } })
    expect(run).toMatchObject({ status: 'completed', eventName: 'auth/cleanup.requested', output: { sessions: 1, signInTokens: 0, challenges: 0, rateLimitBuckets: 0 } })
    expect(await remainingIds(user.id)).toEqual([hashToken(live.token)])
  })

  it('is scheduled hourly', () => {
    expect(cleanupExpiredCredentials.opts.triggers).toContainEqual({ cron: '17 * * * *' })
  })
})
