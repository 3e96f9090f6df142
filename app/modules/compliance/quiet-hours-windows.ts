/**
 * When a number may be texted, in the recipient's local time: the federal
 * window (TCPA: 08:00–21:00) and the states whose own laws are stricter. A
 * message goes out only inside the strictest window of every state that may
 * apply (docs/decisions/039). Changing a window is a code change, reviewed
 * and tested like any other rule; the table is the one place it lives.
 *
 * Times are local wall-clock "HH:MM", start inclusive, end exclusive.
 * Days: 0 = Sunday … 6 = Saturday.
 */

export type DailyWindow = { start: string; end: string }
/** One window per weekday (index 0 = Sunday). */
export type WeeklyWindow = readonly [DailyWindow, DailyWindow, DailyWindow, DailyWindow, DailyWindow, DailyWindow, DailyWindow]

const everyDay = (start: string, end: string): WeeklyWindow => {
  const day = { start, end }
  return [day, day, day, day, day, day, day]
}

export const FEDERAL_WINDOW: WeeklyWindow = everyDay('08:00', '21:00')

/**
 * State windows stricter than the federal one, by USPS code: the states the
 * product's requirements name. Other states have calling-hour laws of their
 * own (Washington, Connecticut, Alabama, Louisiana, Rhode Island and more,
 * some with Sunday and holiday bans); each is added here after legal review,
 * with its source, and holidays need a calendar this weekly model lacks.
 */
export const STATE_WINDOWS: Readonly<Record<string, WeeklyWindow>> = {
  // Florida Telephone Solicitation Act (2021): 8 a.m.–8 p.m.
  FL: everyDay('08:00', '20:00'),
  // Oklahoma Telephone Solicitation Act (2022): 8 a.m.–8 p.m.
  OK: everyDay('08:00', '20:00'),
  // Maryland Stop the Spam Calls Act (2023): 8 a.m.–8 p.m.
  MD: everyDay('08:00', '20:00'),
  // Texas Business & Commerce Code §301.051: 9 a.m.–9 p.m. Monday–Saturday, noon–9 p.m. Sunday.
  TX: [
    { start: '12:00', end: '21:00' },
    { start: '09:00', end: '21:00' },
    { start: '09:00', end: '21:00' },
    { start: '09:00', end: '21:00' },
    { start: '09:00', end: '21:00' },
    { start: '09:00', end: '21:00' },
    { start: '09:00', end: '21:00' },
  ],
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** The strictest window on `weekday` of the federal rule and every state given (states without a rule of their own add nothing). */
export function strictestWindow(states: readonly string[], weekday: number, windows: Readonly<Record<string, WeeklyWindow>> = STATE_WINDOWS) {
  let start = minutes(FEDERAL_WINDOW[weekday]!.start)
  let end = minutes(FEDERAL_WINDOW[weekday]!.end)
  for (const state of states) {
    const window = windows[state]?.[weekday]
    if (!window) continue
    start = Math.max(start, minutes(window.start))
    end = Math.min(end, minutes(window.end))
  }
  return { startMinute: start, endMinute: end }
}
