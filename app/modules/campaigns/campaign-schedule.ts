import { Temporal } from 'temporal-polyfill'

/**
 * When a campaign's messages go: on its days, between two local times in its
 * time zone, from its start to its end, at its throttle. Each message gets a
 * slot (its `not_before`); the dispatcher sends nothing before it. The
 * recipient's own legal window is the gate's, checked again at dispatch.
 */
export type CampaignSchedule = {
  /** Days of the week it sends on, 0 = Sunday. */
  days: readonly number[]
  /** `HH:MM`, local time in `timeZone`. */
  windowStart: string
  windowEnd: string
  timeZone: string
  startsAt: Date | null
  endsAt: Date | null
}

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/

/** Minutes after midnight of an `HH:MM` clock; null when it is not one. */
export function clockMinutes(clock: string): number | null {
  const match = CLOCK.exec(clock)
  return match ? Number(match[1]) * 60 + Number(match[2]) : null
}

/** Whether the runtime knows the IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(zone)
    return true
  } catch {
    return false
  }
}

/** How far ahead windows are looked for: a schedule with none in this time has none at all. */
const HORIZON_DAYS = 400

/**
 * The schedule's sending windows from `from` on, in order, each as epoch
 * milliseconds [start, end), cut to its start and end dates. A local time a
 * DST change skips moves forward, as Temporal's 'compatible' rule does.
 */
export function* sendingWindows(schedule: CampaignSchedule, from: Date): Generator<{ start: number; end: number }> {
  const startMinute = clockMinutes(schedule.windowStart)
  const endMinute = clockMinutes(schedule.windowEnd)
  if (startMinute === null || endMinute === null || endMinute <= startMinute) return
  const floor = Math.max(from.getTime(), schedule.startsAt?.getTime() ?? -Infinity)
  const ceiling = schedule.endsAt?.getTime() ?? Infinity
  const days = new Set(schedule.days)
  let date = Temporal.Instant.fromEpochMilliseconds(floor).toZonedDateTimeISO(schedule.timeZone).toPlainDate()
  for (let i = 0; i < HORIZON_DAYS; i++, date = date.add({ days: 1 })) {
    if (!days.has(date.dayOfWeek % 7)) continue
    const at = (minute: number) =>
      date.toPlainDateTime({ hour: Math.floor(minute / 60), minute: minute % 60 }).toZonedDateTime(schedule.timeZone).epochMilliseconds
    const start = Math.max(at(startMinute), floor)
    const end = Math.min(at(endMinute), ceiling)
    if (start >= ceiling) return
    if (end > start) yield { start, end }
  }
}

/**
 * Slots for `count` messages at `perMinute`, starting no earlier than
 * `from`, inside the schedule's windows: one every 60/perMinute seconds,
 * plus up to `jitterSeconds` at random (never past the window's end). A
 * message with no slot before the schedule ends gets null. `next` is where
 * the next message's slot would begin (the cursor a campaign or crusade keeps).
 */
export function assignSlots(options: {
  count: number
  from: Date
  schedule: CampaignSchedule
  perMinute: number
  jitterSeconds?: number
  random?: () => number
}): { slots: (Date | null)[]; next: Date } {
  const interval = 60_000 / options.perMinute
  const jitter = Math.max(0, options.jitterSeconds ?? 0) * 1000
  const random = options.random ?? Math.random
  const slots: (Date | null)[] = []
  const windows = sendingWindows(options.schedule, options.from)
  let window = windows.next()
  let next = window.done ? Infinity : window.value.start
  while (slots.length < options.count && !window.done) {
    if (next >= window.value.end) {
      window = windows.next()
      if (window.done) break
      next = Math.max(next, window.value.start)
      continue
    }
    const at = Math.min(next + (jitter ? Math.floor(random() * jitter) : 0), window.value.end - 1)
    slots.push(new Date(at))
    next += interval
  }
  while (slots.length < options.count) slots.push(null)
  return { slots, next: new Date(Number.isFinite(next) ? next : options.from.getTime()) }
}
