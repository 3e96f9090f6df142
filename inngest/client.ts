import { Inngest } from 'inngest'
import { getEnv } from '~/utils/env.server'
import { inProcessEventApi } from '~/utils/jobs/event-intake.server'
import type { AnyFunction } from '~/utils/jobs/triggers.server'
import { jobsMode } from '~/utils/jobs/mode.server'
import { inngestLogger } from './logger'
import { requestContextMiddleware } from './middleware/request-context'

const inProcess = jobsMode(getEnv()) === 'in-process'

// Loaded lazily: the function modules import this client.
const loadFunctions = async (): Promise<AnyFunction[]> => (await import('./index')).functions

/**
 * The one Inngest client. Under Inngest (Dev Server, self-hosted, Cloud) the
 * SDK reads INNGEST_DEV / INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY /
 * INNGEST_BASE_URL itself. In-process, its event requests are answered by our
 * runner's queue instead of the network.
 */
export const inngest = new Inngest({
  id: 'esd-quest',
  logger: inngestLogger,
  internalLogger: inngestLogger,
  middleware: [requestContextMiddleware({ countRuns: !inProcess })],
  ...(inProcess
    ? { isDev: true, fetch: inProcessEventApi(loadFunctions) }
    : {}),
})
