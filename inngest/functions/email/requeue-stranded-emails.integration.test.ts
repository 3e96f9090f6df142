import { randomUUID } from 'node:crypto'
import { InngestTestEngine } from '@inngest/test'
import { afterEach, describe, expect, it } from 'vitest'
import { sendEmail } from '~/modules/integrations/email/send-email.server'
import { ABANDON_AFTER_MS, STRANDED_AFTER_MS } from '~/modules/integrations/email/stranded-emails.server'
import { prisma } from '~/utils/db.server'
import { insertRuns } from '~/utils/jobs/job-store.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { useFakePostmark } from '../../../tests/support/use-fake-postmark'
import { functions } from '../../index'
import { requeueStrandedEmails } from './requeue-stranded-emails'

const postmark = useFakePostmark()
let runner: InProcessRunner | undefined

afterEach(async () => {
  await runner?.stop()
  runner = undefined
  // @inngest/test sends step.sendEvent's events for real, so runs are left to clear too.
  await prisma.jobRun.deleteMany()
  await prisma.emailMessage.deleteMany()
})

/** An outbox row written `ageMs` ago whose delivery event was never sent (as after a crash between the two). */
async function queuedRow(to: string, ageMs: number, status: 'queued' | 'sent' = 'queued') {
  return prisma.emailMessage.create({
    data: { to, subject: 'Your link', textBody: 'Hello', tag: 'recovery-link', status, createdAt: new Date(Date.now() - ageMs) },
  })
}

/** What the runner's cron scheduler inserts at a tick of `*\/5 * * * *`. */
async function tickSweeper() {
  await insertRuns([
    {
      functionId: 'email-requeue-stranded',
      dedupeKey: `email-requeue-stranded:cron:${randomUUID()}`,
      event: { id: randomUUID(), name: 'inngest/scheduled.timer', data: { cron: '*/5 * * * *' }, ts: Date.now() },
    },
  ])
}

async function drain() {
  runner ??= startInProcessRunner({ functions, pollIntervalMs: 20, retryBaseMs: 10 })
  await runner.drain()
}

describe('email-requeue-stranded', () => {
  it('resends the event of stranded emails, fails day-old ones and leaves fresh and finished ones alone (@inngest/test)', async () => {
    const fresh = await queuedRow('fresh@example.test', 10_000)
    const stranded = await queuedRow('stranded@example.test', STRANDED_AFTER_MS + 60_000)
    const abandoned = await queuedRow('abandoned@example.test', ABANDON_AFTER_MS + 60_000)
    const sent = await queuedRow('sent@example.test', STRANDED_AFTER_MS + 60_000, 'sent')

    const engine = new InngestTestEngine({ function: requeueStrandedEmails })
    const { result, ctx } = await engine.execute({ events: [{ name: 'inngest/scheduled.timer', data: { cron: '*/5 * * * *' } }] })

    expect(result).toEqual({ requeued: 1, abandoned: 1 })
    expect(ctx.step.sendEvent).toHaveBeenCalledWith('requeue', [
      expect.objectContaining({ name: 'email/queued', id: `email-queued-${stranded.id}`, data: { messageId: stranded.id } }),
    ])
    const status = async (id: string) => prisma.emailMessage.findUniqueOrThrow({ where: { id }, select: { status: true, error: true } })
    expect(await status(fresh.id)).toEqual({ status: 'queued', error: null })
    expect(await status(stranded.id)).toEqual({ status: 'queued', error: null })
    expect(await status(abandoned.id)).toEqual({ status: 'failed', error: expect.stringContaining('still queued a day after') })
    expect(await status(sent.id)).toEqual({ status: 'sent', error: null })
    expect(await prisma.auditLog.findFirstOrThrow({ where: { action: 'email.abandoned' } })).toMatchObject({
      actorType: 'system',
      actorLabel: 'job:email-requeue-stranded',
      summary: { count: 1, emailIds: [abandoned.id] },
    })
  })

  it('gets a stranded email delivered through the in-process runner', async () => {
    const stranded = await queuedRow('stranded@example.test', STRANDED_AFTER_MS + 60_000)

    await tickSweeper()
    await drain()

    expect(postmark.current.messages).toEqual([expect.objectContaining({ to: 'stranded@example.test' })])
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id: stranded.id } })).toMatchObject({ status: 'sent' })
    const sweep = await prisma.jobRun.findFirstOrThrow({ where: { functionId: 'email-requeue-stranded' } })
    expect(sweep).toMatchObject({ status: 'completed', output: { requeued: 1, abandoned: 0 } })
  })

  it('never delivers twice when the original event did arrive and its delivery is still pending', async () => {
    // The app queued it normally (event sent, delivery run waiting), but it is old enough to look stranded.
    const { id } = await sendEmail({ to: 'slow@example.test', subject: 'Your link', text: 'Hello', tag: 'recovery-link', carriesSecret: true })
    await prisma.emailMessage.update({ where: { id }, data: { createdAt: new Date(Date.now() - STRANDED_AFTER_MS - 60_000) } })

    // The sweep runs while that delivery is still waiting (no runner yet); its
    // step.sendEvent goes through the real client into the in-process queue.
    const engine = new InngestTestEngine({ function: requeueStrandedEmails })
    const { result } = await engine.execute({ events: [{ name: 'inngest/scheduled.timer', data: { cron: '*/5 * * * *' } }] })
    expect(result).toEqual({ requeued: 1, abandoned: 0 })
    await drain()

    expect(postmark.current.messages.filter((m) => m.to === 'slow@example.test')).toHaveLength(1)
    expect(await prisma.jobRun.findMany({ where: { functionId: 'email-deliver' }, select: { dedupeKey: true, status: true } })).toEqual([
      { dedupeKey: `email-deliver:event:email-queued-${id}`, status: 'completed' },
    ])
  })

  it('runs every five minutes and is served', () => {
    expect(requeueStrandedEmails.opts.triggers).toContainEqual({ cron: '*/5 * * * *' })
    expect(functions).toContain(requeueStrandedEmails)
  })
})
