import { serializeError } from 'inngest'
import { StepMode } from 'inngest/types'
import type { JobRun } from '~/generated/prisma/client.ts'
import type { AnyFunction } from './triggers.server'
import type { QueuedEvent, StepMemo } from './job-store.server'

/**
 * One invocation of a function, exactly as Inngest's executor would make it
 * over HTTP: the SDK's own execution engine gets the memoized step state and
 * either finishes, runs one step, or reports the steps it wants next.
 */

/** Inngest's default when a function sets no `retries`. */
const DEFAULT_RETRIES = 3

export function maxAttempts(fn: AnyFunction): number {
  const retries = (fn.opts as { retries?: number }).retries
  return (retries ?? DEFAULT_RETRIES) + 1
}

export type Op = { id: string; op: string; name?: string; data?: unknown; error?: unknown; displayName?: string }

export type InvocationOutcome =
  | { type: 'function-resolved'; data: unknown }
  | { type: 'function-rejected'; error: unknown; retriable: boolean | string }
  | { type: 'step-ran'; step: Op; retriable?: boolean | string }
  | { type: 'steps-found'; steps: Op[] }
  | { type: 'unsupported'; reason: string }

export async function executeInvocation(options: {
  fn: AnyFunction
  run: JobRun
  requestedRunStep?: string
}): Promise<InvocationOutcome> {
  const { fn, run } = options
  const events = run.events as unknown as QueuedEvent[]
  const stepState = run.stepState as Record<string, StepMemo>
  const execution = (fn as unknown as { createExecution: (o: unknown) => { start(): Promise<{ type: string } & Record<string, unknown>> } })[
    'createExecution'
  ]({
    partialOptions: {
      client: (fn as unknown as { client: unknown }).client,
      runId: run.id,
      data: {
        runId: run.id,
        attempt: run.attempt,
        maxAttempts: maxAttempts(fn),
        event: events[0],
        events,
      },
      reqArgs: [],
      headers: {},
      stepState,
      stepCompletionOrder: run.stepOrder,
      stepMode: StepMode.Async,
      requestedRunStep: options.requestedRunStep,
      // Every step is first reported, then run on request (one more replay of
      // memoized state per step): the runner marks it running, and checks for
      // a cancellation, before any of its code executes.
      disableImmediateExecution: true,
      handlerKind: 'main',
    },
  })
  const result = await execution.start()
  switch (result.type) {
    case 'function-resolved':
      return { type: 'function-resolved', data: result.data }
    case 'function-rejected':
      return {
        type: 'function-rejected',
        error: serializeError(result.error),
        retriable: result.retriable as boolean | string,
      }
    case 'step-ran': {
      const step = result.step as Op
      return {
        type: 'step-ran',
        step: step.error === undefined ? step : { ...step, error: serializeError(step.error) },
        retriable: result.retriable as boolean | string | undefined,
      }
    }
    case 'steps-found':
      return { type: 'steps-found', steps: result.steps as Op[] }
    default:
      return { type: 'unsupported', reason: `the SDK answered "${result.type}", which the in-process runner does not handle` }
  }
}
