import { InngestTestEngine } from '@inngest/test'
import { afterEach, describe, expect, it } from 'vitest'
import { inngest } from '../../../inngest/client'
import { prisma } from '~/utils/db.server'
import { queueEvents } from './event-intake.server'
import { flowControlForEvent } from './flow-control.server'
import { startInProcessRunner, type InProcessRunner } from './in-process-runner.server'
import type { AnyFunction } from './triggers.server'

/**
 * Flow control the way the import pipeline and the send engine declare it,
 * shown three ways: what the declaration says (and what Inngest is sent when
 * the app syncs, read by @inngest/test's engine too), the in-process runner
 * holding the limit with two runners sharing one database, and Inngest's
 * documented semantics where they differ from "runs at once" (a concurrency
 * limit counts steps executing; a sleeping run holds no slot). See
 * docs/decisions/027.
 */

let runners: InProcessRunner[] = []
afterEach(async () => {
  await Promise.all(runners.map((r) => r.stop()))
  runners = []
})

/** Two runners, as two processes would be: each with its own workers, one database. */
function startTwoRunners(functions: AnyFunction[], workers = 3) {
  runners = [0, 1].map(() => startInProcessRunner({ functions, concurrency: workers, pollIntervalMs: 20, retryBaseMs: 10 }))
  return runners
}
const drainAll = () => Promise.all(runners.map((r) => r.drain({ timeoutMs: 60_000, horizonMs: 3_000 })))
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Counts how many steps of each key execute at the same moment, and the most ever seen. */
function overlapRecorder() {
  const current = new Map<string, number>()
  const max = new Map<string, number>()
  let total = 0
  let maxTotal = 0
  return {
    async during<T>(key: string, work: () => Promise<T>): Promise<T> {
      current.set(key, (current.get(key) ?? 0) + 1)
      max.set(key, Math.max(max.get(key) ?? 0, current.get(key)!))
      maxTotal = Math.max(maxTotal, ++total)
      try {
        return await work()
      } finally {
        current.set(key, current.get(key)! - 1)
        total--
      }
    },
    max: () => Object.fromEntries(max),
    maxTotal: () => maxTotal,
    /**
     * Stays inside until `count()` steps are inside too (or 1.5 s pass), then a
     * little longer: overlap that the limit allows happens on a slow machine
     * too, and a step past the limit would be seen entering meanwhile.
     */
    async meet(count: () => number, size: number) {
      const deadline = Date.now() + 1500
      while (count() < size && Date.now() < deadline) await pause(10)
      await pause(100)
    },
    current: (key: string) => current.get(key) ?? 0,
    total: () => total,
  }
}

// The declaration the import pipeline's stage functions use.
const importStageOptions = { concurrency: { key: 'event.data.importFileId', limit: 1 } } as const

describe('concurrency per key', () => {
  it('under @inngest/test: the declaration the runner reads is the one Inngest is sent', async () => {
    const stage = inngest.createFunction(
      { id: 'test-import-stage', ...importStageOptions, triggers: [{ event: 'test/import.stage' }] },
      async ({ event, step }) => step.run('land-chunk', () => ({ landed: event.data.importFileId })),
    )
    const event = { name: 'test/import.stage', data: { importFileId: 'file-1' } }
    const { result } = await new InngestTestEngine({ function: stage, events: [event] }).execute()
    expect(result).toEqual({ landed: 'file-1' })

    // The SDK's sync payload (what Inngest's own queue enforces) and the runner's reading of the same options.
    const [config] = (stage as unknown as { getConfig(o: { baseUrl: URL; appPrefix: string }): Record<string, unknown>[] }).getConfig({
      baseUrl: new URL('http://localhost/api/inngest'),
      appPrefix: inngest.id,
    })
    expect(config!.concurrency).toEqual(importStageOptions.concurrency)
    expect(flowControlForEvent(stage, event).concurrency).toEqual([
      { key: 'test-import-stage[event.data.importFileId]=file-1', limit: importStageOptions.concurrency.limit },
    ])
  })

  it('holds a limit of 2 per key across two runners sharing the database', async () => {
    const overlap = overlapRecorder()
    const fn = inngest.createFunction(
      { id: 'test-concurrency-2', concurrency: { key: 'event.data.importFileId', limit: 2 }, triggers: [{ event: 'test/concurrency-2' }] },
      async ({ event, step }) => {
        const key = event.data.importFileId as string
        await step.run('work', () => overlap.during(key, () => overlap.meet(() => overlap.current(key), 2)))
      },
    )
    const events = ['a', 'b'].flatMap((key) => Array.from({ length: 6 }, () => ({ name: 'test/concurrency-2', data: { importFileId: key } })))
    await queueEvents(events, [fn])
    startTwoRunners([fn])
    await drainAll()

    const runs = await prisma.jobRun.findMany({ where: { functionId: 'test-concurrency-2' } })
    expect(runs.map((r) => r.status)).toEqual(Array(12).fill('completed'))
    // Two at once per key, never three, while 6 workers were free to take more.
    expect(overlap.max()).toEqual({ a: 2, b: 2 })
    const workers = await prisma.jobRunStep.findMany({ where: { jobRunId: { in: runs.map((r) => r.id) } }, distinct: ['workerId'] })
    expect(workers).toHaveLength(2)
  })

  it('applies several concurrency options at once: the function-wide limit and the per-key one', async () => {
    const overlap = overlapRecorder()
    const fn = inngest.createFunction(
      {
        id: 'test-concurrency-both',
        concurrency: [{ limit: 2 }, { key: 'event.data.importFileId', limit: 1 }],
        triggers: [{ event: 'test/concurrency-both' }],
      },
      async ({ event, step }) => {
        await step.run('work', () => overlap.during(event.data.importFileId as string, () => overlap.meet(overlap.total, 2)))
      },
    )
    const events = ['a', 'b', 'c'].flatMap((key) => Array.from({ length: 3 }, () => ({ name: 'test/concurrency-both', data: { importFileId: key } })))
    await queueEvents(events, [fn])
    startTwoRunners([fn])
    await drainAll()

    expect(overlap.max()).toEqual({ a: 1, b: 1, c: 1 })
    expect(overlap.maxTotal()).toBe(2)
  })

  it('counts steps executing, not runs in progress: a sleeping run holds no slot (Inngest’s semantics)', async () => {
    const order: string[] = []
    const fn = inngest.createFunction(
      { id: 'test-concurrency-sleep', ...importStageOptions, triggers: [{ event: 'test/concurrency-sleep' }] },
      async ({ event, step }) => {
        const name = event.data.name as string
        await step.run('before', () => order.push(`${name}:before`))
        if (name === 'sleeper') await step.sleep('nap', '1s')
        await step.run('after', () => order.push(`${name}:after`))
      },
    )
    // Same file, so one slot between them; the sleeper is queued first.
    await queueEvents([{ name: 'test/concurrency-sleep', data: { importFileId: 'same', name: 'sleeper' } }], [fn])
    await queueEvents([{ name: 'test/concurrency-sleep', data: { importFileId: 'same', name: 'other' } }], [fn])
    startTwoRunners([fn])
    await drainAll()

    // The other run took the slot while the sleeper slept, and the sleeper took it back afterwards.
    expect(order).toEqual(['sleeper:before', 'other:before', 'other:after', 'sleeper:after'])
  })
})

/** Start times (the moment the runner admitted each run), per throttle key, oldest run first. */
async function startsByKey(functionId: string) {
  const runs = await prisma.jobRun.findMany({ where: { functionId }, orderBy: { createdAt: 'asc' } })
  const byKey = new Map<string, { started: number; seq: number }[]>()
  for (const run of runs) {
    const list = byKey.get(run.throttleKey!) ?? []
    list.push({ started: run.startedAt!.getTime(), seq: (run.events as { data: { seq: number } }[])[0]!.data.seq })
    byKey.set(run.throttleKey!, list)
  }
  return byKey
}

/** The most starts inside any window of `periodMs` (half-open, as a period is). */
function mostStartsInAnyWindow(starts: number[], periodMs: number) {
  const sorted = [...starts].sort((a, b) => a - b)
  let most = 0
  for (let i = 0; i < sorted.length; i++) {
    let j = i
    while (j < sorted.length && sorted[j]! < sorted[i]! + periodMs) j++
    most = Math.max(most, j - i)
  }
  return most
}

describe('throttle per key', () => {
  // The send engine's shape: so many sends per sender number per period.
  const senderThrottle = { key: 'event.data.senderId', limit: 2, period: '1s' } as const

  it('under @inngest/test: the runner reads the declared throttle as Inngest is sent it', async () => {
    const send = inngest.createFunction(
      { id: 'test-send', throttle: senderThrottle, triggers: [{ event: 'test/send' }] },
      async ({ event, step }) => step.run('send', () => `sent from ${event.data.senderId}`),
    )
    const event = { name: 'test/send', data: { senderId: 'n-1' } }
    const { result } = await new InngestTestEngine({ function: send, events: [event] }).execute()
    expect(result).toBe('sent from n-1')
    const [config] = (send as unknown as { getConfig(o: { baseUrl: URL; appPrefix: string }): Record<string, unknown>[] }).getConfig({
      baseUrl: new URL('http://localhost/api/inngest'),
      appPrefix: inngest.id,
    })
    expect(config!.throttle).toEqual(senderThrottle)
    expect(flowControlForEvent(send, event).throttle).toEqual({ key: 'test-send[event.data.senderId]=n-1', limit: 2, periodMs: 1000, burst: 1 })
  })

  it('starts no more than `limit` runs per `period` per key, evenly spaced, first in first out, across two runners', async () => {
    const executed: string[] = []
    const fn = inngest.createFunction({ id: 'test-throttle', throttle: senderThrottle, triggers: [{ event: 'test/throttle' }] }, async ({ event, step }) => {
      await step.run('send', () => executed.push(`${event.data.senderId}:${event.data.seq}`))
    })
    let seq = 0
    const events = [
      ...Array.from({ length: 6 }, () => ({ name: 'test/throttle', data: { senderId: 'busy', seq: seq++ } })),
      ...Array.from({ length: 2 }, () => ({ name: 'test/throttle', data: { senderId: 'quiet', seq: seq++ } })),
    ]
    for (const event of events) await queueEvents([event], [fn])
    startTwoRunners([fn])
    await drainAll()

    const byKey = await startsByKey('test-throttle')
    const busy = byKey.get('test-throttle[event.data.senderId]=busy')!
    const quiet = byKey.get('test-throttle[event.data.senderId]=quiet')!
    expect(busy).toHaveLength(6)
    for (const starts of [busy, quiet]) {
      expect(mostStartsInAnyWindow(starts.map((s) => s.started), 1000)).toBeLessThanOrEqual(senderThrottle.limit)
      // Burst 1: one start per emission interval (period / limit), in the order the events came.
      const inStartOrder = [...starts].sort((a, b) => a.started - b.started)
      for (let i = 1; i < inStartOrder.length; i++) expect(inStartOrder[i]!.started - inStartOrder[i - 1]!.started).toBeGreaterThanOrEqual(500)
      expect(inStartOrder.map((s) => s.seq)).toEqual(starts.map((s) => s.seq))
    }
    // One sender's backlog does not hold the other's runs back.
    expect(Math.min(...quiet.map((s) => s.started))).toBeLessThan(busy.map((s) => s.started).sort((a, b) => a - b)[2]!)
    expect(executed.filter((e) => e.startsWith('busy:'))).toEqual(['busy:0', 'busy:1', 'busy:2', 'busy:3', 'busy:4', 'busy:5'])
  })

  it('lets `burst` runs start at once, then one per emission interval', async () => {
    const fn = inngest.createFunction(
      { id: 'test-throttle-burst', throttle: { limit: 1, period: '1s', burst: 3 }, triggers: [{ event: 'test/throttle-burst' }] },
      async ({ step }) => step.run('send', () => true),
    )
    for (let seq = 0; seq < 5; seq++) await queueEvents([{ name: 'test/throttle-burst', data: { seq } }], [fn])
    startTwoRunners([fn])
    await drainAll()

    const [starts] = [...(await startsByKey('test-throttle-burst')).values()]
    const t = starts!.map((s) => s.started).sort((a, b) => a - b)
    expect(t).toHaveLength(5)
    // Without the burst the second start could not come before one interval (1s).
    expect(t[1]! - t[0]!).toBeLessThan(1000)
    expect(t[3]! - t[0]!).toBeGreaterThanOrEqual(1000)
    expect(t[4]! - t[0]!).toBeGreaterThanOrEqual(2000)
    expect(mostStartsInAnyWindow(t, 1000)).toBeLessThanOrEqual(3)
  })
})

describe('flow control the runner does not implement', () => {
  it('is refused at start, naming the function and the option', () => {
    const debounced = inngest.createFunction(
      { id: 'test-debounced', debounce: { period: '5s' }, triggers: [{ event: 'test/debounced' }] },
      async () => null,
    )
    expect(() => startInProcessRunner({ functions: [debounced] })).toThrowError(/Function "test-debounced" declares debounce/)
    const global = inngest.createFunction(
      { id: 'test-account-scope', concurrency: { scope: 'account', key: '"openai"', limit: 5 }, triggers: [{ event: 'test/x' }] },
      async () => null,
    )
    expect(() => startInProcessRunner({ functions: [global] })).toThrowError(/"test-account-scope" declares concurrency.scope "account"/)
  })
})
