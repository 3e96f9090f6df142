import { Middleware } from 'inngest'
import { recordJobRunFinished } from '~/modules/observability/metrics.server'
import { functionId, type AnyFunction } from '~/utils/jobs/triggers.server'
import { getRequestContext, requestIdFrom, runWithRequestContext } from '~/utils/request-context.server'

/** Where an event carries the id of the request that sent it. */
export const REQUEST_ID_KEY = '_requestId'

function requestIdOf(event: unknown): string | undefined {
  const data = (event as { data?: Record<string, unknown> } | undefined)?.data
  const value = data?.[REQUEST_ID_KEY]
  return typeof value === 'string' ? value : undefined
}

function withRunContext<T>(ctx: { event?: unknown; runId?: string }, next: () => Promise<T>): Promise<T> {
  // The in-process runner has already set the context from the run's row.
  if (getRequestContext()?.jobRunId) return next()
  const requestId = requestIdFrom(requestIdOf(ctx.event))
  return runWithRequestContext({ requestId, jobRunId: ctx.runId }, next)
}

/**
 * Carries the request id from the request that sends an event into the runs
 * it triggers, wherever they execute (Inngest Cloud, the Dev Server, or the
 * in-process runner), so their logs and audit rows point back to it. Under
 * Inngest it also counts finished and failed runs for /metrics; in-process,
 * the runner counts them itself (`countRuns: false`).
 */
export function requestContextMiddleware({ countRuns }: { countRuns: boolean }): Middleware.Class {
  return class RequestContextMiddleware extends Middleware.BaseMiddleware {
    readonly id = 'esd-request-context'

    override transformSendEvent(arg: Middleware.TransformSendEventArgs) {
      const requestId = getRequestContext()?.requestId
      if (!requestId) return arg
      return {
        ...arg,
        events: arg.events.map((event) => ({
          ...event,
          data: { ...event.data, [REQUEST_ID_KEY]: requestIdOf(event) ?? requestId },
        })),
      }
    }

    override wrapFunctionHandler({ ctx, next }: Middleware.WrapFunctionHandlerArgs) {
      return withRunContext(ctx, next)
    }

    override wrapStepHandler({ ctx, next }: Middleware.WrapStepHandlerArgs) {
      return withRunContext(ctx, next)
    }

    override onRunComplete({ fn }: Middleware.OnRunCompleteArgs) {
      if (countRuns) recordJobRunFinished(functionId(fn as AnyFunction), 'completed')
    }

    override onRunError({ fn, isFinalAttempt }: Middleware.OnRunErrorArgs) {
      if (countRuns && isFinalAttempt) recordJobRunFinished(functionId(fn as AnyFunction), 'failed')
    }
  }
}
