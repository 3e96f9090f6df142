/**
 * Minimal five-field cron matching (minute hour day-of-month month
 * day-of-week, UTC) for the in-process runner's scheduled triggers.
 * Supports `*`, lists, ranges and steps, which is all our functions use.
 */

const fields = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const

export type CronSchedule = { sets: Set<number>[]; anyDayOfMonth: boolean; anyDayOfWeek: boolean }

function parseField(part: string, { name, min, max }: (typeof fields)[number]): Set<number> {
  const values = new Set<number>()
  for (const item of part.split(',')) {
    const [range = '', stepText] = item.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron ${name}: bad step in "${item}"`)
    let from: number
    let to: number
    if (range === '*') {
      from = min
      to = max
    } else if (range.includes('-')) {
      ;[from, to] = range.split('-').map(Number) as [number, number]
    } else {
      from = Number(range)
      to = stepText === undefined ? from : max
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < min || to > max || from > to) {
      throw new Error(`cron ${name}: "${item}" is outside ${min}-${max}`)
    }
    for (let v = from; v <= to; v += step) values.add(v)
  }
  return values
}

export function parseCron(expression: string): CronSchedule {
  const parts = expression.trim().split(/\s+/)
  if (parts.length !== 5) throw new Error(`cron "${expression}": expected 5 fields, got ${parts.length}`)
  const sets = parts.map((part, i) => parseField(part, fields[i]!))
  if (sets[4]!.has(7)) sets[4]!.add(0)
  return { sets, anyDayOfMonth: parts[2] === '*', anyDayOfWeek: parts[4] === '*' }
}

export function cronMatches(schedule: CronSchedule, date: Date): boolean {
  const [minute, hour, dom, month, dow] = schedule.sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>]
  if (!minute.has(date.getUTCMinutes()) || !hour.has(date.getUTCHours()) || !month.has(date.getUTCMonth() + 1)) {
    return false
  }
  const domOk = dom.has(date.getUTCDate())
  const dowOk = dow.has(date.getUTCDay())
  // Classic cron: when both day fields are restricted, either may match.
  if (schedule.anyDayOfMonth) return dowOk
  if (schedule.anyDayOfWeek) return domOk
  return domOk || dowOk
}

/** Every whole minute in (after, until] that the schedule matches. */
export function dueMinutes(schedule: CronSchedule, after: Date, until: Date): Date[] {
  const due: Date[] = []
  const cursor = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000)
  for (; cursor <= until && due.length < 1440; cursor.setTime(cursor.getTime() + 60_000)) {
    if (cronMatches(schedule, cursor)) due.push(new Date(cursor))
  }
  return due
}
