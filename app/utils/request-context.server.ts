import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'

export type RequestContext = {
  requestId: string
  /** Set for job runs so their logs and audit rows point back to the run. */
  jobRunId?: string
}

const storage = new AsyncLocalStorage<RequestContext>()

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn)
}

export function getRequestContext(): RequestContext | undefined {
  return storage.getStore()
}

const acceptableRequestId = /^[A-Za-z0-9._:-]{8,128}$/

/** Reuse a caller's `x-request-id` when it is sane, otherwise mint one. */
export function requestIdFrom(headerValue: string | null | undefined): string {
  if (headerValue && acceptableRequestId.test(headerValue)) return headerValue
  return randomUUID()
}
