import { z } from 'zod'
import { flowControlForEvent } from './flow-control.server'
import type { NewRun, QueuedEvent } from './job-store.server'
import { functionId, type AnyFunction } from './triggers.server'

const organizationIdSchema = z.uuid()

/**
 * The organization a run works for: the `organizationId` its event carries
 * (the convention every organization's event follows), else none (platform
 * work such as sweeps). It decides who sees the run (docs/decisions/026).
 */
export function organizationIdOf(event: QueuedEvent): string | null {
  const parsed = organizationIdSchema.safeParse((event.data as { organizationId?: unknown }).organizationId)
  return parsed.success ? parsed.data : null
}

/** Everything stored about a run before it starts: its event, owner and evaluated flow control. */
export function newRun(options: { fn: AnyFunction; event: QueuedEvent; dedupeKey: string; requestId?: string }): NewRun {
  return {
    functionId: functionId(options.fn),
    event: options.event,
    dedupeKey: options.dedupeKey,
    requestId: options.requestId,
    organizationId: organizationIdOf(options.event),
    flowControl: flowControlForEvent(options.fn, options.event),
  }
}
