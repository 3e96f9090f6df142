import { NonRetriableError, RetryAfterError } from 'inngest'
import { afterEach, describe, expect, it } from 'vitest'
import { inngest } from '../../../inngest/client'
import { renderMetrics } from '~/modules/observability/metrics.server'
import { prisma } from '~/utils/db.server'
import { getRequestContext, runWithRequestContext } from '~/utils/request-context.server'
import { queueEvents } from './event-intake.server'
import { startInProcessRunner, type InProcessRunner } from './in-process-runner.server'
import type { AnyFunction } from './triggers.server'

let runner: InProcessRunner | undefined
afterEach(async () => {
  await runner?.stop()
  runner = undefined
})

function start(functions: AnyFunction[], options: { leaseMs?: number } = {}) {
  runner = startInProcessRunner({ functions, retryBaseMs: 10, pollIntervalMs: 50, ...options })
  return runner
}

const runsOf = (functionId: string) => prisma.jobRun.findMany({ where: { functionId }, orderBy: { createdAt: 'asc' } })

describe('the in-process runner', () => {
  it('runs each step once, memoizes its result and stores the output', async () => {
    const calls = { load: 0, total: 0 }
    const fn = inngest.createFunction({ id: 'test-steps', triggers: [{ event: 'test/steps' }] }, async ({ event, step }) => {
      const numbers = await step.run('load', () => {
        calls.load++
        return (event.data as { numbers: number[] }).numbers
      })
      const total = await step.run('total', () => {
        calls.total++
        return numbers.reduce((a, b) => a + b, 0)
      })
      return { total }
    })
    await queueEvents([{ name: 'test/steps', data: { numbers: [1, 2, 3] } }], [fn])
    await start([fn]).drain()

    const [run] = await runsOf('test-steps')
    expect(run).toMatchObject({ status: 'completed', output: { total: 6 }, attempt: 0 })
    expect(run!.stepOrder).toHaveLength(2)
    expect(calls).toEqual({ load: 1, total: 1 })
  })

  it('retries a failing step with backoff and continues from there', async () => {
    let attempts = 0
    let before = 0
    const fn = inngest.createFunction({ id: 'test-flaky', retries: 3, triggers: [{ event: 'test/flaky' }] }, async ({ step }) => {
      await step.run('before', () => ++before)
      return step.run('flaky', () => {
        attempts++
        if (attempts < 3) throw new Error(`transient ${attempts}`)
        return 'ok'
      })
    })
    await queueEvents([{ name: 'test/flaky', data: {} }], [fn])
    await start([fn]).drain()

    const [run] = await runsOf('test-flaky')
    expect(run).toMatchObject({ status: 'completed', output: 'ok' })
    expect(attempts).toBe(3)
    expect(before).toBe(1)
  })

  it('hands a step that fails its last attempt back to the function as an error', async () => {
    const fn = inngest.createFunction({ id: 'test-fallback', retries: 1, triggers: [{ event: 'test/fallback' }] }, async ({ step }) => {
      try {
        await step.run('always-fails', () => {
          throw new Error('carrier said no')
        })
        return 'unreachable'
      } catch (error) {
        return { handled: (error as Error).message }
      }
    })
    await queueEvents([{ name: 'test/fallback', data: {} }], [fn])
    await start([fn]).drain()
    const [run] = await runsOf('test-fallback')
    expect(run?.status).toBe('completed')
    expect(JSON.stringify(run?.output)).toContain('carrier said no')
  })

  it('fails a run after its last retry, keeps the error, and counts it', async () => {
    let calls = 0
    const fn = inngest.createFunction({ id: 'test-doomed', retries: 2, triggers: [{ event: 'test/doomed' }] }, async ({ step }) => {
      await step.run('doomed', () => {
        calls++
        throw new Error('still broken')
      })
    })
    await queueEvents([{ name: 'test/doomed', data: {} }], [fn])
    await start([fn]).drain()

    const [run] = await runsOf('test-doomed')
    expect(run?.status).toBe('failed')
    expect(run?.finishedAt).toBeInstanceOf(Date)
    expect(JSON.stringify(run?.error)).toContain('still broken')
    expect(calls).toBe(3)
    const { body } = await renderMetrics()
    expect(body).toMatch(/esd_job_run_failures_total\{function="test-doomed"\} 1/)
    expect(body).toMatch(/esd_job_runs_total\{function="test-doomed",status="failed"\} 1/)
  })

  it('does not retry a NonRetriableError', async () => {
    let calls = 0
    const fn = inngest.createFunction({ id: 'test-nonretriable', retries: 5, triggers: [{ event: 'test/nonretriable' }] }, async () => {
      calls++
      throw new NonRetriableError('bad input, retrying will not help')
    })
    await queueEvents([{ name: 'test/nonretriable', data: {} }], [fn])
    await start([fn]).drain()
    const [run] = await runsOf('test-nonretriable')
    expect(run?.status).toBe('failed')
    expect(calls).toBe(1)
  })

  it('sleeps without holding a worker, then resumes', async () => {
    const fn = inngest.createFunction({ id: 'test-sleep', triggers: [{ event: 'test/sleep' }] }, async ({ step }) => {
      const first = await step.run('first', () => Date.now())
      await step.sleep('nap', '1s')
      const second = await step.run('second', () => Date.now())
      return { waitedMs: second - first }
    })
    await queueEvents([{ name: 'test/sleep', data: {} }], [fn])
    const r = start([fn])
    await expect.poll(async () => (await runsOf('test-sleep'))[0]?.status, { timeout: 5000 }).toBe('sleeping')
    const [sleeping] = await runsOf('test-sleep')
    expect(sleeping?.waiting).toMatchObject({ kind: 'sleep' })
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await r.drain()
    const [run] = await runsOf('test-sleep')
    expect(run?.status).toBe('completed')
    expect((run?.output as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(950)
  })

  it('resumes a run abandoned by a crashed worker without repeating finished steps', async () => {
    const calls = { first: 0, second: 0 }
    let crash = true
    const fn = inngest.createFunction({ id: 'test-crash', triggers: [{ event: 'test/crash' }] }, async ({ step }) => {
      await step.run('first', () => ++calls.first)
      return step.run('second', () => {
        calls.second++
        // Park the run far in the future: the moment a worker would die mid-step.
        if (crash) throw new RetryAfterError('parked', new Date(Date.now() + 3_600_000))
        return 'done'
      })
    })
    await queueEvents([{ name: 'test/crash', data: {} }], [fn])
    const first = start([fn])
    await expect.poll(async () => (await runsOf('test-crash'))[0]?.stepOrder.length, { timeout: 5000 }).toBe(1)
    await expect.poll(async () => (await runsOf('test-crash'))[0]?.status, { timeout: 5000 }).toBe('queued')
    await first.stop()

    // What a killed process leaves behind: a "running" row nobody renews.
    await prisma.jobRun.updateMany({
      where: { functionId: 'test-crash' },
      data: { status: 'running', lockedBy: 'dead-worker', lockedAt: new Date(Date.now() - 10 * 60_000), runAfter: new Date() },
    })
    crash = false
    await start([fn], { leaseMs: 60_000 }).drain()

    const [run] = await runsOf('test-crash')
    expect(run).toMatchObject({ status: 'completed', output: 'done' })
    expect(calls.first).toBe(1)
  })

  it('runs a function once per event id, as Inngest deduplicates', async () => {
    let calls = 0
    const fn = inngest.createFunction({ id: 'test-dedupe', triggers: [{ event: 'test/dedupe' }] }, async () => ++calls)
    await queueEvents([{ id: 'evt-1', name: 'test/dedupe', data: {} }], [fn])
    await queueEvents([{ id: 'evt-1', name: 'test/dedupe', data: {} }], [fn])
    await queueEvents([{ id: 'evt-2', name: 'test/dedupe', data: {} }], [fn])
    await start([fn]).drain()
    expect(calls).toBe(2)
  })

  it('carries the request id of the request that sent the event into the run', async () => {
    const seen: unknown[] = []
    const fn = inngest.createFunction({ id: 'test-request-id', triggers: [{ event: 'test/request-id' }] }, async ({ step }) => {
      await step.run('look', () => seen.push(getRequestContext()))
    })
    await runWithRequestContext({ requestId: 'req-from-http-123' }, () =>
      queueEvents([{ name: 'test/request-id', data: {} }], [fn]),
    )
    await start([fn]).drain()
    const [run] = await runsOf('test-request-id')
    expect(run?.requestId).toBe('req-from-http-123')
    expect(seen).toEqual([{ requestId: 'req-from-http-123', jobRunId: run!.id }])
  })

  it('fails clearly on a step kind it cannot run, instead of hanging', async () => {
    const fn = inngest.createFunction({ id: 'test-wait', triggers: [{ event: 'test/wait' }] }, async ({ step }) => {
      await step.waitForEvent('reply', { event: 'test/reply', timeout: '1h' })
    })
    await queueEvents([{ name: 'test/wait', data: {} }], [fn])
    await start([fn]).drain()
    const [run] = await runsOf('test-wait')
    expect(run?.status).toBe('failed')
    expect(JSON.stringify(run?.error)).toMatch(/cannot execute WaitForEvent.*INNGEST_DEV/)
  })

  it('leaves runs of functions it does not serve to a runner that does (another version, another process)', async () => {
    const mine = inngest.createFunction({ id: 'test-mine', triggers: [{ event: 'test/shared' }] }, async () => 'mine')
    const theirs = inngest.createFunction({ id: 'test-theirs', triggers: [{ event: 'test/shared' }] }, async () => 'theirs')
    await queueEvents([{ name: 'test/shared', data: {} }], [mine, theirs])
    await start([mine]).drain()
    expect((await runsOf('test-mine'))[0]).toMatchObject({ status: 'completed', output: 'mine' })
    expect((await runsOf('test-theirs'))[0]).toMatchObject({ status: 'queued', attempt: 0 })

    await runner!.stop()
    await start([theirs]).drain()
    expect((await runsOf('test-theirs'))[0]).toMatchObject({ status: 'completed', output: 'theirs' })
  })

  it('refuses functions with conditional triggers it cannot evaluate', () => {
    const fn = inngest.createFunction({ id: 'test-if', triggers: [{ event: 'test/if', if: 'event.data.ok' }] }, async () => null)
    expect(() => startInProcessRunner({ functions: [fn] })).toThrowError(/conditional trigger/)
  })
})
