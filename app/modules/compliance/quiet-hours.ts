import { strictestWindow, STATE_WINDOWS, type WeeklyWindow } from './quiet-hours-windows'

/**
 * The quiet-hours rule: a message may go out only when, in every time zone
 * the recipient may be in, the local time is inside the strictest window of
 * every state the recipient may be in (docs/decisions/039). Local time comes
 * from the IANA zone's rules at that instant, so a DST change day is right by
 * construction, never a fixed offset from UTC.
 */

export type QuietHoursBlock = {
  zone: string
  /** The recipient's local time in that zone, `Sun 07:30`. */
  localTime: string
  /** The window that applies there that day, `08:00–21:00`. */
  window: string
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    formatters.set(zone, formatter)
  }
  return formatter
}

// A batch asks for the same instant in the same few zones for every recipient: remember the last instant's answers.
let clocksAt = Number.NaN
const clocks = new Map<string, { weekday: number; minute: number }>()

/** The weekday (0 = Sunday) and minute of the day at `at` in `zone`. */
export function localClock(at: Date, zone: string): { weekday: number; minute: number } {
  if (at.getTime() !== clocksAt) {
    clocks.clear()
    clocksAt = at.getTime()
  }
  const known = clocks.get(zone)
  if (known) return known
  const clock = readClock(at, zone)
  clocks.set(zone, clock)
  return clock
}

function readClock(at: Date, zone: string): { weekday: number; minute: number } {
  const parts = formatterFor(zone).formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  const weekday = WEEKDAYS.indexOf(part('weekday') as (typeof WEEKDAYS)[number])
  if (weekday < 0) throw new Error(`Could not read the weekday in ${zone}`)
  return { weekday, minute: Number(part('hour')) * 60 + Number(part('minute')) }
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`

export type WindowQuery = {
  at: Date
  zones: readonly string[]
  states: readonly string[]
  windows?: Readonly<Record<string, WeeklyWindow>>
}

/** Each zone's local clock at `at` and the strictest window of the states there that day. */
function zoneWindows({ at, zones, states, windows = STATE_WINDOWS }: WindowQuery) {
  return zones.map((zone) => {
    const { weekday, minute } = localClock(at, zone)
    return { zone, weekday, minute, ...strictestWindow(states, weekday, windows) }
  })
}

/** null when the message may go out now; otherwise the first zone where it may not, with its local time and window. */
export function quietHoursRule(query: WindowQuery): QuietHoursBlock | null {
  for (const { zone, weekday, minute, startMinute, endMinute } of zoneWindows(query)) {
    if (minute < startMinute || minute >= endMinute) {
      return { zone, localTime: `${WEEKDAYS[weekday]} ${hhmm(minute)}`, window: `${hhmm(startMinute)}–${hhmm(endMinute)}` }
    }
  }
  return null
}

/** Minutes until the window closes in the first zone to close, at `at` (0 when outside it somewhere, or no zone is known). */
export function minutesLeftInWindow(query: WindowQuery): number {
  const left = zoneWindows(query).map(({ minute, startMinute, endMinute }) => (minute < startMinute ? 0 : Math.max(0, endMinute - minute)))
  return left.length ? Math.min(...left) : 0
}
