/**
 * The retext cooldown (docs/decisions/041): a number texted for a vertical
 * is not texted for it again for `sameDays`, nor for another vertical within
 * `crossDays` of the last message of any other vertical. Days are 24-hour
 * periods from the last send, so the answer does not depend on time zones.
 */

/** The last sends to a number (epoch milliseconds), or null: for the message's vertical, and for any other. */
export type LastSends = { sameVerticalAt: number | null; otherVerticalAt: number | null }

/** The vertical's cooldowns, in days. */
export type CooldownDays = { sameDays: number; crossDays: number }

export type CooldownBlock = { reason: 'cooldown_same_vertical' | 'cooldown_cross_vertical'; until: Date }

const DAY_MS = 86_400_000

export function cooldownRule({ sameVerticalAt, otherVerticalAt }: LastSends, { sameDays, crossDays }: CooldownDays, now: Date): CooldownBlock | null {
  const at = now.getTime()
  if (sameVerticalAt !== null && at < sameVerticalAt + sameDays * DAY_MS) {
    return { reason: 'cooldown_same_vertical', until: new Date(sameVerticalAt + sameDays * DAY_MS) }
  }
  if (otherVerticalAt !== null && at < otherVerticalAt + crossDays * DAY_MS) {
    return { reason: 'cooldown_cross_vertical', until: new Date(otherVerticalAt + crossDays * DAY_MS) }
  }
  return null
}
