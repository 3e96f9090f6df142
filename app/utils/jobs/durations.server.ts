const unitMs: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }

/**
 * When a `step.sleep`/`step.sleepUntil` ends. The SDK encodes the op's name as
 * an ISO date (sleepUntil) or a duration such as "1h30m" or "500ms" (sleep).
 */
export function parseDelay(name: string, now = new Date()): Date {
  if (/^\d{4}-\d{2}-\d{2}T/.test(name)) {
    const date = new Date(name)
    if (!Number.isNaN(date.getTime())) return date
  }
  return new Date(now.getTime() + durationMs(name))
}

/** Milliseconds of an SDK duration string ("1h30m", "5s", "500ms"); throws on anything else. */
export function durationMs(name: string): number {
  let total = 0
  let matched = ''
  for (const [, amount, unit] of name.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)) {
    total += Number(amount) * unitMs[unit!]!
    matched += `${amount}${unit}`
  }
  if (!matched || matched !== name.replace(/\s+/g, '')) throw new Error(`Cannot read the duration "${name}"`)
  return total
}
