import { randomUUID } from 'node:crypto'
import { jsonResponse } from '~/utils/json-response.server'
import { getRequestContext } from '~/utils/request-context.server'
import { insertRuns, type QueuedEvent } from './job-store.server'
import { runnerWakeups } from './in-process-runner.server'
import { newRun } from './new-run.server'
import { functionId, functionsForEvent, type AnyFunction } from './triggers.server'

/**
 * In in-process mode the Inngest client's `fetch` is this function: the real
 * SDK builds and sends its event request, and we answer it the way Inngest's
 * event API does, queueing one run per triggered function in Postgres.
 */
export function inProcessEventApi(loadFunctions: () => Promise<AnyFunction[]>): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    if (init?.method !== 'POST' || !/\/e\/[^/]+$/.test(url.pathname)) {
      return jsonResponse(
        { error: `The in-process job runner has no Inngest API (${url.pathname}); set INNGEST_DEV=1 to use the Dev Server` },
        { status: 501 },
      )
    }
    const payload = JSON.parse(String(init.body ?? '[]')) as Partial<QueuedEvent>[]
    const ids = await queueEvents(payload, await loadFunctions())
    return jsonResponse({ ids, status: 200 })
  }
}

export async function queueEvents(payload: Partial<QueuedEvent>[], functions: AnyFunction[]): Promise<string[]> {
  const requestId = getRequestContext()?.requestId
  const events: QueuedEvent[] = payload.map((e) => ({
    id: e.id ?? randomUUID(),
    name: String(e.name),
    data: e.data ?? {},
    ts: e.ts ?? Date.now(),
    ...(e.user ? { user: e.user } : {}),
  }))
  const runs = events.flatMap((event) =>
    functionsForEvent(functions, event.name).map((fn) =>
      newRun({ fn, event, dedupeKey: `${functionId(fn)}:event:${event.id}`, requestId }),
    ),
  )
  await insertRuns(runs)
  if (runs.length > 0) runnerWakeups.emit('queued')
  return events.map((e) => e.id)
}
