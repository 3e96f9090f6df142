import type { Env } from '~/utils/env.server'

export type JobsMode = 'in-process' | 'inngest'

/**
 * Inngest (Dev Server, self-hosted or Cloud) when any Inngest variable is set;
 * otherwise the in-process runner executes the same function definitions.
 */
export function jobsMode(env: Pick<Env, 'INNGEST_DEV' | 'INNGEST_EVENT_KEY' | 'INNGEST_SIGNING_KEY'>): JobsMode {
  return env.INNGEST_DEV || env.INNGEST_EVENT_KEY || env.INNGEST_SIGNING_KEY ? 'inngest' : 'in-process'
}
