import { afterEach, describe, expect, it } from 'vitest'
import { inngest } from '../../../inngest/client'
import type { UserActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { queueEvents } from '~/utils/jobs/event-intake.server'
import { startInProcessRunner, type InProcessRunner } from '~/utils/jobs/in-process-runner.server'
import type { AnyFunction } from '~/utils/jobs/triggers.server'
import { importRequestedEvent } from '../../../inngest/events'
import { runImport } from '../../../inngest/functions/ingest/run-import'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { createLandedImport, createVertical } from '../../../tests/support/landed-import'
import { cancelJobRun } from './cancel-job-run.server'
import { getJobRun } from './get-job-run.server'
import { retryJobRun } from './retry-job-run.server'

let runner: InProcessRunner | undefined
afterEach(async () => {
  await runner?.stop()
  runner = undefined
})
const start = (functions: AnyFunction[]) => (runner = startInProcessRunner({ functions, pollIntervalMs: 20, retryBaseMs: 10 }))

async function adminOf(organizationId: string) {
  const user = await createUser({ organizationId, role: 'admin' })
  const actor: UserActor = { type: 'user', userId: user.id, organizationId, label: user.email, requestId: 'req-job-control' }
  return { viewer: { role: 'admin' as const, organizationId }, actor }
}

const runOf = (functionId: string) => prisma.jobRun.findFirstOrThrow({ where: { functionId } })
const auditOf = (action: string, targetId: string) => prisma.auditLog.findMany({ where: { action, targetId } })

describe('retrying a failed run', () => {
  it('resumes from the failed step with the earlier steps memoized, with fresh attempts, audited', async () => {
    const org = await createOrganization()
    const { viewer, actor } = await adminOf(org.id)
    const calls = { load: 0, send: 0 }
    let carrierDown = true
    const fn = inngest.createFunction({ id: 'test-retry', retries: 1, triggers: [{ event: 'test/retry' }] }, async ({ step }) => {
      const batch = await step.run('load', () => ++calls.load)
      return step.run('send', () => {
        calls.send++
        if (carrierDown) throw new Error('carrier unreachable')
        return { sent: batch }
      })
    })
    await queueEvents([{ name: 'test/retry', data: { organizationId: org.id } }], [fn])
    await start([fn]).drain()
    const failed = await runOf('test-retry')
    expect(failed.status).toBe('failed')
    expect(calls).toEqual({ load: 1, send: 2 })

    carrierDown = false
    await retryJobRun({ viewer, actor, runId: failed.id })
    expect((await runOf('test-retry')).status).toBe('queued')
    await runner!.drain()

    expect(await runOf('test-retry')).toMatchObject({ status: 'completed', output: { sent: 1 }, error: null })
    expect(calls).toEqual({ load: 1, send: 3 })
    const detail = await getJobRun({ viewer, runId: failed.id })
    expect(detail.steps.map((s) => [s.name, s.status, s.attempts])).toEqual([
      ['load', 'completed', 1],
      ['send', 'completed', 3],
    ])
    expect(await auditOf('job_run.retried', failed.id)).toEqual([
      expect.objectContaining({ organizationId: org.id, actorId: actor.userId, requestId: 'req-job-control' }),
    ])
  })

  it('refuses a run that has not failed, and treats another organization’s run as not found', async () => {
    const mine = await createOrganization()
    const theirs = await createOrganization()
    const { viewer, actor } = await adminOf(mine.id)
    const fn = inngest.createFunction({ id: 'test-retry-refused', triggers: [{ event: 'test/retry-refused' }] }, async () => 'ok')
    await queueEvents([{ name: 'test/retry-refused', data: { organizationId: mine.id } }], [fn])
    const ours = await runOf('test-retry-refused')
    await expect(retryJobRun({ viewer, actor, runId: ours.id })).rejects.toMatchObject({ code: 'job_run_not_failed', status: 409 })

    await prisma.jobRun.update({ where: { id: ours.id }, data: { organizationId: theirs.id, status: 'failed' } })
    await expect(retryJobRun({ viewer, actor, runId: ours.id })).rejects.toMatchObject({ code: 'job_run_not_found', status: 404 })
    expect((await runOf('test-retry-refused')).status).toBe('failed')
    expect(await auditOf('job_run.retried', ours.id)).toEqual([])
  })
})

describe('cancelling a run', () => {
  it('lets the executing step finish, then stops before the next one', async () => {
    const org = await createOrganization()
    const { viewer, actor } = await adminOf(org.id)
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const ran: string[] = []
    const fn = inngest.createFunction({ id: 'test-cancel-running', triggers: [{ event: 'test/cancel-running' }] }, async ({ step }) => {
      await step.run('first', async () => {
        await gate
        ran.push('first')
        return 'first done'
      })
      await step.run('second', () => ran.push('second'))
    })
    await queueEvents([{ name: 'test/cancel-running', data: { organizationId: org.id } }], [fn])
    start([fn])
    await expect.poll(async () => (await prisma.jobRunStep.findFirst({ where: { name: 'first' } }))?.status, { timeout: 5000 }).toBe('running')

    const run = await runOf('test-cancel-running')
    expect(await cancelJobRun({ viewer, actor, runId: run.id })).toBe('cancelling')
    expect((await getJobRun({ viewer, runId: run.id })).canCancel).toBe(false)
    release()
    await runner!.drain()

    const cancelled = await runOf('test-cancel-running')
    expect(cancelled.status).toBe('cancelled')
    expect(cancelled.finishedAt).toBeInstanceOf(Date)
    expect(ran).toEqual(['first'])
    // The step that was executing kept its result.
    expect(Object.values(cancelled.stepState as Record<string, { data?: unknown }>).map((m) => m.data)).toEqual(['first done'])
    expect(await auditOf('job_run.cancelled', run.id)).toEqual([
      expect.objectContaining({ organizationId: org.id, actorId: actor.userId, summary: expect.objectContaining({ outcome: 'cancelling' }) }),
    ])
  })

  it('ends a queued or sleeping run at once, so no runner picks it up', async () => {
    const org = await createOrganization()
    const { viewer, actor } = await adminOf(org.id)
    const ran: string[] = []
    const fn = inngest.createFunction({ id: 'test-cancel-waiting', triggers: [{ event: 'test/cancel-waiting' }] }, async ({ event, step }) => {
      await step.run('before', () => ran.push(`${event.data.name}:before`))
      await step.sleep('long-nap', '1h')
      await step.run('after', () => ran.push(`${event.data.name}:after`))
    })
    await queueEvents([{ name: 'test/cancel-waiting', data: { organizationId: org.id, name: 'sleeper' } }], [fn])
    start([fn])
    await expect.poll(async () => (await runOf('test-cancel-waiting')).status, { timeout: 5000 }).toBe('sleeping')
    await runner!.stop()
    runner = undefined

    await queueEvents([{ name: 'test/cancel-waiting', data: { organizationId: org.id, name: 'queued' } }], [fn])
    const runs = await prisma.jobRun.findMany({ where: { functionId: 'test-cancel-waiting' }, orderBy: { createdAt: 'asc' } })
    for (const run of runs) expect(await cancelJobRun({ viewer, actor, runId: run.id })).toBe('cancelled')
    // Due now, as if the sleep were over: a runner still leaves them alone.
    await prisma.jobRun.updateMany({ where: { functionId: 'test-cancel-waiting' }, data: { runAfter: new Date() } })
    await start([fn]).drain()

    const after = await prisma.jobRun.findMany({ where: { functionId: 'test-cancel-waiting' } })
    expect(after.map((r) => r.status)).toEqual(['cancelled', 'cancelled'])
    expect(ran).toEqual(['sleeper:before'])
  })

  it('pauses the import of a cancelled import run, so its page offers Resume or Cancel', async () => {
    const org = await createOrganization()
    const { viewer, actor } = await adminOf(org.id)
    const vertical = await createVertical(org.id)
    const importFile = await createLandedImport({ organizationId: org.id, header: ['Phone'], rows: [['5125550100']], verticalId: vertical.id, status: 'queued' })
    await queueEvents([importRequestedEvent(importFile, 'created', importFile.id)], [runImport])
    const run = await runOf('ingest-run-import')
    expect(run.organizationId).toBe(org.id)

    expect(await cancelJobRun({ viewer, actor, runId: run.id })).toBe('cancelled')
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'paused' })
    expect((await auditOf('job_run.cancelled', run.id))[0]?.summary).toMatchObject({ pausedImport: importFile.id })
  })

  it('refuses a finished run, and treats another organization’s run as not found', async () => {
    const mine = await createOrganization()
    const theirs = await createOrganization()
    const { viewer, actor } = await adminOf(mine.id)
    const fn = inngest.createFunction({ id: 'test-cancel-refused', triggers: [{ event: 'test/cancel-refused' }] }, async () => 'ok')
    await queueEvents([{ name: 'test/cancel-refused', data: { organizationId: theirs.id } }], [fn])
    const run = await runOf('test-cancel-refused')
    await expect(cancelJobRun({ viewer, actor, runId: run.id })).rejects.toMatchObject({ status: 404 })
    expect((await runOf('test-cancel-refused')).status).toBe('queued')

    await start([fn]).drain()
    const superAdmin = { role: 'super_admin' as const, organizationId: mine.id }
    await expect(cancelJobRun({ viewer: superAdmin, actor, runId: run.id })).rejects.toMatchObject({ code: 'job_run_finished', status: 409 })
    expect(await auditOf('job_run.cancelled', run.id)).toEqual([])
  })
})

describe('step timing', () => {
  it('records each step as the runner executes it: order, status, attempts, duration, errors', async () => {
    const org = await createOrganization()
    const { viewer } = await adminOf(org.id)
    let flaky = 0
    const fn = inngest.createFunction({ id: 'test-step-timing', retries: 3, triggers: [{ event: 'test/step-timing' }] }, async ({ step }) => {
      await step.run('flaky', () => {
        if (++flaky < 3) throw new Error(`hiccup ${flaky}`)
        return flaky
      })
      await step.sleep('short-nap', '1s')
      await step.run('last', () => 'done')
    })
    await queueEvents([{ name: 'test/step-timing', data: { organizationId: org.id, token: 'not-for-display' } }], [fn])
    await start([fn]).drain({ horizonMs: 3000 })

    const run = await runOf('test-step-timing')
    const detail = await getJobRun({ viewer, runId: run.id })
    expect(detail).toMatchObject({ status: 'completed', attempts: 3, organization: { id: org.id } })
    expect(detail.steps).toEqual([
      expect.objectContaining({ name: 'flaky', kind: 'run', status: 'completed', attempts: 3, error: null }),
      expect.objectContaining({ name: 'short-nap', kind: 'sleep', status: 'completed', attempts: 0 }),
      expect.objectContaining({ name: 'last', kind: 'run', status: 'completed', attempts: 1 }),
    ])
    for (const step of detail.steps) {
      expect(step.durationMs).toEqual(expect.any(Number))
      expect(step.finishedAt! >= step.startedAt).toBe(true)
    }
    // The event is shown as the function got it, with secret-looking fields redacted.
    expect(detail.event).toMatchObject({ name: 'test/step-timing', data: { organizationId: org.id, token: '[redacted]' } })
  })

  it('shows a step that is being retried, with the error of its last attempt', async () => {
    const fn = inngest.createFunction({ id: 'test-step-retrying', retries: 2, triggers: [{ event: 'test/step-retrying' }] }, async ({ step }) => {
      await step.run('stubborn', () => {
        throw new Error('still down')
      })
    })
    await queueEvents([{ name: 'test/step-retrying', data: {} }], [fn])
    await start([fn]).drain()
    const run = await runOf('test-step-retrying')
    const detail = await getJobRun({ viewer: { role: 'super_admin', organizationId: (await createOrganization()).id }, runId: run.id })
    expect(detail).toMatchObject({ status: 'failed', attempts: 3, organization: null, canRetry: true, canCancel: false })
    expect(detail.steps).toEqual([expect.objectContaining({ name: 'stubborn', status: 'failed', attempts: 3, error: 'still down' })])
  })
})
