import { prisma, type Prisma } from './db.server'

export type RateLimitResult = {
  allowed: boolean
  limit: number
  /** Hits in the current window, this one included. */
  count: number
  remaining: number
  /** When the current window ends. */
  resetAt: Date
}

/**
 * Counts one hit against `key` in a fixed window, in Postgres so the limit
 * holds across processes and serverless instances. One statement: a new or
 * expired window starts at 1, otherwise the count goes up. In the caller's
 * transaction (`db`) the hit counts only if that transaction commits.
 */
export async function consumeRateLimit(options: {
  key: string
  limit: number
  windowMs: number
  now?: Date
  db?: Prisma.TransactionClient
}): Promise<RateLimitResult> {
  const now = options.now ?? new Date()
  const windowEnd = new Date(now.getTime() + options.windowMs)
  const rows = await (options.db ?? prisma).$queryRaw<{ count: number; expires_at: Date }[]>`
    INSERT INTO rate_limit_buckets (key, window_start, count, expires_at)
    VALUES (${options.key}, ${now}, 1, ${windowEnd})
    ON CONFLICT (key) DO UPDATE SET
      count        = CASE WHEN rate_limit_buckets.expires_at <= ${now} THEN 1 ELSE rate_limit_buckets.count + 1 END,
      window_start = CASE WHEN rate_limit_buckets.expires_at <= ${now} THEN ${now} ELSE rate_limit_buckets.window_start END,
      expires_at   = CASE WHEN rate_limit_buckets.expires_at <= ${now} THEN ${windowEnd} ELSE rate_limit_buckets.expires_at END
    RETURNING count, expires_at`
  const row = rows[0]!
  return {
    allowed: row.count <= options.limit,
    limit: options.limit,
    count: row.count,
    remaining: Math.max(0, options.limit - row.count),
    resetAt: row.expires_at,
  }
}

/** `RateLimit-*` headers (IETF draft) plus `Retry-After` when refused. */
export function rateLimitHeaders(result: RateLimitResult, now = new Date()): Record<string, string> {
  const resetSeconds = Math.max(0, Math.ceil((result.resetAt.getTime() - now.getTime()) / 1000))
  return {
    'RateLimit-Limit': String(result.limit),
    'RateLimit-Remaining': String(result.remaining),
    'RateLimit-Reset': String(resetSeconds),
    ...(result.allowed ? {} : { 'Retry-After': String(Math.max(1, resetSeconds)) }),
  }
}
