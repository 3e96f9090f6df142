import { AppError } from '~/utils/app-error'
import { ipRateLimitSubject } from '~/utils/ip-address.server'
import { consumeRateLimit, type RateLimitResult } from '~/utils/rate-limit.server'

export class RateLimitError extends AppError {
  override name = 'RateLimitError'
  constructor(readonly result: RateLimitResult) {
    const seconds = Math.max(1, Math.ceil((result.resetAt.getTime() - Date.now()) / 1000))
    super('rate_limited', `Too many attempts. Try again in ${seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`}.`, 429, {
      retryAfterSeconds: seconds,
    })
  }
}

/** Counts a hit on every key; the first key over its limit stops the request. */
export async function enforceRateLimits(limits: { key: string; limit: number; windowMs: number }[]) {
  for (const limit of limits) {
    const result = await consumeRateLimit(limit)
    if (!result.allowed) throw new RateLimitError(result)
  }
}

const MINUTE = 60_000

/**
 * Limits for the unauthenticated doors: sign-in and account recovery. Limits
 * by IP count an IPv4 address or an IPv6 /64 (`ipRateLimitSubject`); an
 * unknown address shares the bucket `unknown`.
 */
export const authLimits = {
  signInByIp: (ip: string | null) => ({ key: `signin:ip:${ipRateLimitSubject(ip)}`, limit: 30, windowMs: 10 * MINUTE }),
  /** Asking for a challenge is cheap but fills a table; limited apart from attempts. */
  challengesByIp: (ip: string | null) => ({ key: `challenge:ip:${ipRateLimitSubject(ip)}`, limit: 60, windowMs: 10 * MINUTE }),
  /**
   * Failed passkey verifications against one account (never attempts that
   * fail earlier, never sign-ins). Spent, it stops the audit rows and answers
   * 429; a verified passkey still signs its owner in (docs/decisions/009).
   */
  signInFailuresByUser: (userId: string) => ({ key: `signin-failures:user:${userId}`, limit: 10, windowMs: 15 * MINUTE }),
  recoveryByIp: (ip: string | null) => ({ key: `recovery:ip:${ipRateLimitSubject(ip)}`, limit: 10, windowMs: 15 * MINUTE }),
  /**
   * Anyone can ask for a link to someone else's address; kept apart from
   * code attempts so doing so does not lock the owner out of their codes.
   */
  recoveryLinksByAccount: (email: string) => ({ key: `recovery-link:account:${email.toLowerCase()}`, limit: 3, windowMs: 15 * MINUTE }),
  recoveryCodesByAccount: (email: string) => ({ key: `recovery-code:account:${email.toLowerCase()}`, limit: 3, windowMs: 15 * MINUTE }),
}
