import type { Env } from '~/utils/env.server'
import { jobsMode, type JobsMode } from '~/utils/jobs/mode.server'
import type { AnyFunction } from '~/utils/jobs/triggers.server'

export type JobFunctionSummary = {
  id: string
  name: string
  /** `event: …` or `cron: …`, one per trigger. */
  triggers: string[]
  /** Flow control and retries as declared, one readable line each. */
  flowControl: string[]
  /** The function's page on the Inngest dashboard, when Inngest runs the jobs. */
  dashboardUrl: string | null
}

export type JobFunctionsOverview = {
  mode: JobsMode
  dashboard: { label: string; url: string } | null
  functions: JobFunctionSummary[]
}

const DEFAULT_DEV_SERVER = 'http://localhost:8288'

type InngestEnv = Pick<Env, 'INNGEST_DEV' | 'INNGEST_EVENT_KEY' | 'INNGEST_SIGNING_KEY' | 'INNGEST_BASE_URL' | 'INNGEST_ENV'>

const isUrl = (value: string | undefined): value is string => Boolean(value && /^https?:\/\//i.test(value))
const trimSlash = (url: string) => url.replace(/\/+$/, '')

/**
 * Where the Inngest dashboard is, from the same variables the SDK reads: the
 * Dev Server (INNGEST_DEV, at its URL or INNGEST_BASE_URL, else
 * localhost:8288), self-hosted Inngest (INNGEST_BASE_URL, which serves the
 * same dashboard) or Inngest Cloud (its INNGEST_ENV environment, production
 * by default).
 */
function dashboardOf(env: InngestEnv): { label: string; url: string; functionUrl: (slug: string) => string } {
  const devOrSelfHosted = (label: string, base: string) => ({
    label,
    url: trimSlash(base),
    functionUrl: (slug: string) => `${trimSlash(base)}/functions/config?slug=${encodeURIComponent(slug)}`,
  })
  if (env.INNGEST_DEV) {
    return devOrSelfHosted('Inngest Dev Server', isUrl(env.INNGEST_DEV) ? env.INNGEST_DEV : (env.INNGEST_BASE_URL ?? DEFAULT_DEV_SERVER))
  }
  if (env.INNGEST_BASE_URL) return devOrSelfHosted('Inngest (self-hosted)', env.INNGEST_BASE_URL)
  const environment = encodeURIComponent(env.INNGEST_ENV ?? 'production')
  return {
    label: 'Inngest Cloud',
    url: `https://app.inngest.com/env/${environment}/functions`,
    functionUrl: (slug) => `https://app.inngest.com/env/${environment}/functions/${encodeURIComponent(slug)}`,
  }
}

function triggersOf(fn: AnyFunction): string[] {
  const raw = (fn.opts as { triggers?: unknown }).triggers
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { event?: string | { name: string }; cron?: string; if?: string }[]
  return list.map((t) => {
    if (t.cron) return `cron: ${t.cron}`
    const name = typeof t.event === 'string' ? t.event : (t.event?.name ?? '?')
    return t.if ? `event: ${name} if ${t.if}` : `event: ${name}`
  })
}

const describeValue = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value))

function flowControlLines(fn: AnyFunction): string[] {
  const opts = fn.opts as unknown as Record<string, unknown>
  const lines: string[] = []
  const concurrency = opts.concurrency
  if (concurrency !== undefined) {
    for (const option of Array.isArray(concurrency) ? concurrency : [concurrency]) {
      if (typeof option === 'number') lines.push(`concurrency: ${option}`)
      else {
        const { limit, key, scope } = option as { limit: number; key?: string; scope?: string }
        lines.push(`concurrency: ${limit}${key ? ` per ${key}` : ''}${scope && scope !== 'fn' ? ` (${scope})` : ''}`)
      }
    }
  }
  const throttle = opts.throttle as { limit: number; period: string; burst?: number; key?: string } | undefined
  if (throttle) {
    lines.push(`throttle: ${throttle.limit} per ${throttle.period}${throttle.key ? ` per ${throttle.key}` : ''}${throttle.burst ? `, burst ${throttle.burst}` : ''}`)
  }
  for (const option of ['rateLimit', 'debounce', 'batchEvents', 'priority', 'singleton', 'idempotency', 'timeouts', 'cancelOn']) {
    if (opts[option] !== undefined) lines.push(`${option}: ${describeValue(opts[option])}`)
  }
  if (opts.retries !== undefined) lines.push(`retries: ${describeValue(opts.retries)}`)
  return lines
}

/**
 * The functions the app serves, with their triggers and flow control, and
 * (when Inngest runs them) a link to each one's page on the Inngest
 * dashboard. `appId` is the Inngest client's id: dashboard slugs are
 * `<app id>-<function id>`.
 */
export function describeJobFunctions(options: { functions: AnyFunction[]; appId: string; env: InngestEnv }): JobFunctionsOverview {
  const mode = jobsMode(options.env)
  const dashboard = mode === 'inngest' ? dashboardOf(options.env) : null
  return {
    mode,
    dashboard: dashboard ? { label: dashboard.label, url: dashboard.url } : null,
    functions: options.functions.map((fn) => ({
      id: fn.opts.id,
      name: fn.name,
      triggers: triggersOf(fn),
      flowControl: flowControlLines(fn),
      dashboardUrl: dashboard ? dashboard.functionUrl(fn.id(options.appId)) : null,
    })),
  }
}
