import { durationMs } from './durations.server'
import { compileKeyExpression, KeyExpressionError, type KeyExpression } from './key-expression.server'
import { functionId, type AnyFunction } from './triggers.server'

/**
 * The flow control a function declares, read from the same options object
 * Inngest receives when the app syncs (`fn.opts`), in the terms the
 * in-process runner enforces (docs/decisions/027):
 *
 * - `concurrency` (a number, one option or several): at most `limit` steps
 *   execute at once per key value, across every runner process. Only
 *   `scope: 'fn'` (the default).
 * - `throttle`: run starts per key go through a GCRA with emission interval
 *   `period / limit` and `burst` starts allowed at once (default 1: evenly
 *   spaced), as the SDK's types describe it.
 *
 * Every other flow-control option, and `onFailure`, is refused when the
 * runner starts: silently ignoring one would run the function differently
 * than Inngest would.
 */

export type ConcurrencyRule = { limit: number; key: KeyExpression | null }
export type ThrottleRule = { limit: number; periodMs: number; burst: number; key: KeyExpression | null }
export type FlowControl = { concurrency: ConcurrencyRule[]; throttle: ThrottleRule | null }

/** What one run needs, its keys evaluated against its event: stored on the run. */
export type RunFlowControl = {
  concurrency: { key: string; limit: number }[]
  throttle: { key: string; limit: number; periodMs: number; burst: number } | null
}

export class UnsupportedFlowControlError extends Error {
  override name = 'UnsupportedFlowControlError'
}

/** Options the in-process runner does not implement, and why a reader would care. */
const unsupportedOptions = {
  rateLimit: 'rate limiting (runs over the limit are skipped)',
  debounce: 'debouncing',
  batchEvents: 'event batching',
  priority: 'run priority',
  singleton: 'singleton runs',
  cancelOn: 'cancellation by event',
  idempotency: 'idempotency keys',
  timeouts: 'start and finish timeouts',
  onFailure: 'failure handlers',
} as const

const MIN_THROTTLE_PERIOD_MS = 1000
const MAX_THROTTLE_PERIOD_MS = 7 * 86_400_000

type ConcurrencyOption = { limit?: unknown; key?: unknown; scope?: unknown }
type ThrottleOption = { limit?: unknown; period?: unknown; burst?: unknown; key?: unknown }

function refuse(fn: AnyFunction, option: string, reason: string): never {
  throw new UnsupportedFlowControlError(
    `Function "${functionId(fn)}" declares ${option}: ${reason}. The in-process runner does not run it that way; ` +
      'remove the option or run with INNGEST_DEV=1 and the Inngest Dev Server.',
  )
}

function keyOf(fn: AnyFunction, option: string, source: unknown): KeyExpression | null {
  if (source === undefined || source === null || source === '') return null
  if (typeof source !== 'string') refuse(fn, `${option}.key`, 'a key must be an expression string')
  try {
    return compileKeyExpression(source)
  } catch (error) {
    if (error instanceof KeyExpressionError) refuse(fn, `${option}.key "${source}"`, error.message)
    throw error
  }
}

function positiveInteger(fn: AnyFunction, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) refuse(fn, option, 'expected a whole number of at least 1')
  return value
}

function concurrencyRules(fn: AnyFunction, declared: unknown): ConcurrencyRule[] {
  if (declared === undefined || declared === null) return []
  const options = (Array.isArray(declared) ? declared : [declared]) as (number | ConcurrencyOption)[]
  const rules: ConcurrencyRule[] = []
  for (const [index, option] of options.entries()) {
    const name = Array.isArray(declared) ? `concurrency[${index}]` : 'concurrency'
    const { limit, key, scope } = typeof option === 'number' ? { limit: option, key: undefined, scope: undefined } : option
    if (scope !== undefined && scope !== 'fn') refuse(fn, `${name}.scope "${String(scope)}"`, 'only function-scoped concurrency ("fn") is implemented')
    // Inngest reads 0 as "no limit of its own".
    if (limit === 0 && key === undefined) continue
    rules.push({ limit: positiveInteger(fn, `${name}.limit`, limit), key: keyOf(fn, name, key) })
  }
  return rules
}

function throttleRule(fn: AnyFunction, declared: unknown): ThrottleRule | null {
  if (declared === undefined || declared === null) return null
  const option = declared as ThrottleOption
  let periodMs: number
  try {
    periodMs = typeof option.period === 'string' ? durationMs(option.period) : NaN
  } catch {
    periodMs = NaN
  }
  if (!(periodMs >= MIN_THROTTLE_PERIOD_MS && periodMs <= MAX_THROTTLE_PERIOD_MS)) {
    refuse(fn, `throttle.period "${String(option.period)}"`, 'expected a duration between 1s and 7d')
  }
  return {
    limit: positiveInteger(fn, 'throttle.limit', option.limit),
    periodMs,
    burst: option.burst === undefined ? 1 : positiveInteger(fn, 'throttle.burst', option.burst),
    key: keyOf(fn, 'throttle', option.key),
  }
}

/** The function's flow control, or an UnsupportedFlowControlError naming the function and the option. */
export function flowControlOf(fn: AnyFunction): FlowControl {
  const opts = fn.opts as unknown as Record<string, unknown>
  for (const [option, what] of Object.entries(unsupportedOptions)) {
    const value = opts[option]
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) refuse(fn, option, `${what} is not implemented`)
  }
  return { concurrency: concurrencyRules(fn, opts.concurrency), throttle: throttleRule(fn, opts.throttle) }
}

/** Refuses, before anything runs, any function whose flow control the runner cannot honor. */
export function assertSupportedFlowControl(functions: AnyFunction[]) {
  for (const fn of functions) flowControlOf(fn)
}

/** A readable group name: the function, and the key expression with its value when there is one. */
function groupKey(fn: AnyFunction, key: KeyExpression | null, event: Parameters<KeyExpression['evaluate']>[0]) {
  return key ? `${functionId(fn)}[${key.source}]=${key.evaluate(event)}` : functionId(fn)
}

export function flowControlForEvent(fn: AnyFunction, event: Parameters<KeyExpression['evaluate']>[0]): RunFlowControl {
  const { concurrency, throttle } = flowControlOf(fn)
  return {
    concurrency: concurrency.map((rule) => ({ key: groupKey(fn, rule.key, event), limit: rule.limit })),
    throttle: throttle
      ? { key: groupKey(fn, throttle.key, event), limit: throttle.limit, periodMs: throttle.periodMs, burst: throttle.burst }
      : null,
  }
}
