import type { InngestFunction } from 'inngest'
import { parseCron, type CronSchedule } from './cron.server'

export type AnyFunction = InngestFunction.Any

type Trigger = { event?: string; cron?: string; if?: string }

export function functionId(fn: AnyFunction): string {
  return fn.opts.id
}

function triggersOf(fn: AnyFunction): Trigger[] {
  const raw = (fn.opts as { triggers?: unknown }).triggers
  const list = Array.isArray(raw) ? raw : raw ? [raw] : []
  return list.map((t) => t as Trigger)
}

/** Inngest event triggers may end in a wildcard: `leads/*`. */
function eventNameMatches(pattern: string, name: string) {
  return pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : pattern === name
}

export function functionsForEvent(functions: AnyFunction[], eventName: string): AnyFunction[] {
  return functions.filter((fn) =>
    triggersOf(fn).some((t) => typeof t.event === 'string' && eventNameMatches(t.event, eventName)),
  )
}

export function cronTriggers(functions: AnyFunction[]): { fn: AnyFunction; expression: string; schedule: CronSchedule }[] {
  return functions.flatMap((fn) =>
    triggersOf(fn)
      .filter((t): t is Trigger & { cron: string } => typeof t.cron === 'string')
      .map((t) => ({ fn, expression: t.cron, schedule: parseCron(t.cron) })),
  )
}

/**
 * The in-process runner does not evaluate trigger expressions (`if`), so a
 * function that needs one must run under Inngest; refuse to start instead of
 * running it for events it should skip.
 */
export function assertSupportedByInProcessRunner(functions: AnyFunction[]) {
  for (const fn of functions) {
    const conditional = triggersOf(fn).find((t) => t.if)
    if (conditional) {
      throw new Error(
        `Function "${functionId(fn)}" has a conditional trigger (if: ${conditional.if}); ` +
          'the in-process runner cannot evaluate it. Run with INNGEST_DEV=1 and the Inngest Dev Server.',
      )
    }
  }
}
