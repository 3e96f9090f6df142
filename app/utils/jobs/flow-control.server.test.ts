import { Inngest } from 'inngest'
import { describe, expect, it } from 'vitest'
import { flowControlForEvent, flowControlOf, UnsupportedFlowControlError } from './flow-control.server'

// A client of its own: these functions only need to be declared, never sent to.
const inngest = new Inngest({ id: 'flow-control-test', isDev: true })
const define = (options: Record<string, unknown>) =>
  inngest.createFunction({ id: 'fc', triggers: [{ event: 'test/fc' }], ...options } as never, async () => null)

const event = { name: 'test/fc', data: { importFileId: 'f-9', senderId: 's-1' } }

describe('flow control as the in-process runner reads it', () => {
  it('takes every concurrency form Inngest accepts', () => {
    expect(flowControlOf(define({ concurrency: 5 })).concurrency).toEqual([{ limit: 5, key: null }])
    expect(flowControlOf(define({ concurrency: 0 })).concurrency).toEqual([])
    const [rule] = flowControlOf(define({ concurrency: { key: 'event.data.importFileId', limit: 1 } })).concurrency
    expect(rule).toMatchObject({ limit: 1, key: { source: 'event.data.importFileId' } })
    const two = flowControlOf(define({ concurrency: [{ limit: 10 }, { key: 'event.data.importFileId', limit: 1, scope: 'fn' }] }))
    expect(two.concurrency.map((r) => r.limit)).toEqual([10, 1])
  })

  it('evaluates the keys of one run into its groups, per function', () => {
    const fn = define({
      concurrency: [{ limit: 10 }, { key: 'event.data.importFileId', limit: 1 }],
      throttle: { key: 'event.data.senderId', limit: 3, period: '1m' },
    })
    expect(flowControlForEvent(fn, event)).toEqual({
      concurrency: [
        { key: 'fc', limit: 10 },
        { key: 'fc[event.data.importFileId]=f-9', limit: 1 },
      ],
      throttle: { key: 'fc[event.data.senderId]=s-1', limit: 3, periodMs: 60_000, burst: 1 },
    })
  })

  it('reads throttle periods and bursts, and refuses periods Inngest refuses', () => {
    expect(flowControlOf(define({ throttle: { limit: 2, period: '1h30m', burst: 4 } })).throttle).toEqual({
      limit: 2,
      periodMs: 5_400_000,
      burst: 4,
      key: null,
    })
    expect(() => flowControlOf(define({ throttle: { limit: 2, period: '500ms' } }))).toThrowError(/throttle.period "500ms"/)
    expect(() => flowControlOf(define({ throttle: { limit: 2, period: '8d' } }))).toThrowError(/between 1s and 7d/)
    expect(() => flowControlOf(define({ throttle: { limit: 0, period: '1s' } }))).toThrowError(/throttle.limit/)
  })

  it.each([
    ['rateLimit', { rateLimit: { limit: 1, period: '1h' } }],
    ['debounce', { debounce: { period: '5s' } }],
    ['batchEvents', { batchEvents: { maxSize: 10, timeout: '5s' } }],
    ['priority', { priority: { run: 'event.data.priority' } }],
    ['singleton', { singleton: { mode: 'skip' } }],
    ['cancelOn', { cancelOn: [{ event: 'test/stop', match: 'data.id' }] }],
    ['idempotency', { idempotency: 'event.data.id' }],
    ['timeouts', { timeouts: { finish: '1m' } }],
    ['onFailure', { onFailure: async () => null }],
    ['concurrency.scope "account"', { concurrency: { scope: 'account', key: '"openai"', limit: 5 } }],
    ['concurrency.key "event.data.n > 1"', { concurrency: { key: 'event.data.n > 1', limit: 5 } }],
    ['throttle.key "user.id"', { throttle: { key: 'user.id', limit: 5, period: '1s' } }],
  ])('refuses %s, naming the function and the option', (option, options) => {
    const read = () => flowControlOf(define(options))
    expect(read).toThrowError(UnsupportedFlowControlError)
    expect(read).toThrowError(`Function "fc" declares ${option}`)
  })
})
