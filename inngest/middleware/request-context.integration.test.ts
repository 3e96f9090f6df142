import { InngestTestEngine } from '@inngest/test'
import { Inngest, NonRetriableError } from 'inngest'
import { afterEach, describe, expect, it } from 'vitest'
import { renderMetrics } from '~/modules/observability/metrics.server'
import { prisma } from '~/utils/db.server'
import { getRequestContext, runWithRequestContext } from '~/utils/request-context.server'
import { inngest } from '../client'
import { authCleanupRequested } from '../events'
import { REQUEST_ID_KEY, requestContextMiddleware } from './request-context'

afterEach(async () => {
  await prisma.jobRun.deleteMany()
})

/** A function that reports the request context it sees, in its body and in a step. */
function contextProbe(client: Inngest.Any, id: string) {
  return client.createFunction({ id, retries: 0, triggers: [{ event: `test/${id}` }] }, async ({ step }) => {
    const inHandler = getRequestContext()?.requestId
    const inStep = await step.run('look', () => getRequestContext()?.requestId ?? null)
    return { inHandler, inStep }
  })
}

async function metricValue(name: string, functionId: string): Promise<number> {
  const { body } = await renderMetrics()
  const line = body.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`function="${functionId}"`) && (name.endsWith('failures_total') || l.includes('status=')))
  return line ? Number(line.split(' ').at(-1)) : 0
}

describe('request context middleware', () => {
  it('stamps events sent during a request with its id', async () => {
    await runWithRequestContext({ requestId: 'req-sender-0001' }, () => inngest.send(authCleanupRequested.create({ reason: 'test' })))

    const run = await prisma.jobRun.findFirstOrThrow({ where: { functionId: 'auth-cleanup-expired-credentials' } })
    expect(run.requestId).toBe('req-sender-0001')
    expect((run.events as { data: Record<string, unknown> }[])[0]!.data).toEqual({ reason: 'test', [REQUEST_ID_KEY]: 'req-sender-0001' })
  })

  it('leaves events sent outside any request as they are', async () => {
    await inngest.send(authCleanupRequested.create({ reason: 'cron-ish' }))
    const run = await prisma.jobRun.findFirstOrThrow({ where: { functionId: 'auth-cleanup-expired-credentials' } })
    expect((run.events as { data: Record<string, unknown> }[])[0]!.data).toEqual({ reason: 'cron-ish' })
  })

  it('runs a function and its steps under the request id its event carries', async () => {
    const probe = contextProbe(inngest, 'probe-context')
    const engine = new InngestTestEngine({ function: probe })
    const { result } = await engine.execute({ events: [{ name: 'test/probe-context', data: { [REQUEST_ID_KEY]: 'req-origin-4242' } }] })
    expect(result).toEqual({ inHandler: 'req-origin-4242', inStep: 'req-origin-4242' })
  })

  it('counts finished and failed runs when Inngest runs them', async () => {
    const client = new Inngest({ id: 'metrics-probe', isDev: true, middleware: [requestContextMiddleware({ countRuns: true })] })
    const ok = client.createFunction({ id: 'probe-ok', retries: 0, triggers: [{ event: 'test/ok' }] }, async () => 'done')
    const broken = client.createFunction({ id: 'probe-broken', retries: 0, triggers: [{ event: 'test/broken' }] }, async () => {
      throw new NonRetriableError('nope')
    })
    const before = {
      ok: await metricValue('esd_job_runs_total', 'probe-ok'),
      failed: await metricValue('esd_job_run_failures_total', 'probe-broken'),
    }

    await new InngestTestEngine({ function: ok }).execute({ events: [{ name: 'test/ok', data: {} }] })
    await new InngestTestEngine({ function: broken }).execute({ events: [{ name: 'test/broken', data: {} }] })

    expect(await metricValue('esd_job_runs_total', 'probe-ok')).toBe(before.ok + 1)
    expect(await metricValue('esd_job_run_failures_total', 'probe-broken')).toBe(before.failed + 1)
  })
})
