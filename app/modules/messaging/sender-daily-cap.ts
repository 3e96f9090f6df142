/**
 * A new number's daily cap grows while it warms up: day one sends
 * `WARMUP_FIRST_DAY`, each later day twice the day before, until the
 * number's own cap. Carriers filter numbers that start at full volume.
 */
export const WARMUP_FIRST_DAY = 25

export function senderDailyCap(number: { dailyCap: number; warmupStartedOn: Date | null }, today: Date): number {
  if (!number.warmupStartedOn) return number.dailyCap
  const day = Math.floor((utcDay(today) - utcDay(number.warmupStartedOn)) / 86_400_000)
  if (day < 0) return 0
  return Math.min(number.dailyCap, WARMUP_FIRST_DAY * 2 ** Math.min(day, 20))
}

const utcDay = (date: Date) => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
