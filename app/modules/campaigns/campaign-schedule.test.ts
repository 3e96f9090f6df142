import { describe, expect, it } from 'vitest'
import { assignSlots, clockMinutes, isTimeZone, sendingWindows, type CampaignSchedule } from './campaign-schedule'

const weekdays: CampaignSchedule = { days: [1, 2, 3, 4, 5], windowStart: '09:00', windowEnd: '17:00', timeZone: 'America/Chicago', startsAt: null, endsAt: null }

describe('campaign schedule', () => {
  it('reads clocks and zones', () => {
    expect(clockMinutes('09:30')).toBe(570)
    expect(clockMinutes('24:00')).toBeNull()
    expect(clockMinutes('9:30')).toBeNull()
    expect(isTimeZone('America/Chicago')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
  })

  it('gives the windows of its days in its zone, skipping the weekend', () => {
    // Friday 2026-12-04 16:00 in Chicago (22:00 UTC).
    const windows = sendingWindows(weekdays, new Date('2026-12-04T22:00:00Z'))
    const first = windows.next().value!
    expect(new Date(first.start).toISOString()).toBe('2026-12-04T22:00:00.000Z')
    expect(new Date(first.end).toISOString()).toBe('2026-12-04T23:00:00.000Z')
    const second = windows.next().value!
    expect(new Date(second.start).toISOString()).toBe('2026-12-07T15:00:00.000Z') // Monday 09:00 CST
  })

  it('follows daylight saving time: 09:00 local is 14:00 UTC in summer', () => {
    const first = sendingWindows(weekdays, new Date('2026-07-06T00:00:00Z')).next().value!
    expect(new Date(first.start).toISOString()).toBe('2026-07-06T14:00:00.000Z')
  })

  it('spaces slots at the throttle and carries the rest to the next window', () => {
    const { slots, next } = assignSlots({ count: 5, from: new Date('2026-12-04T22:57:00Z'), schedule: weekdays, perMinute: 1 })
    expect(slots.map((s) => s!.toISOString())).toEqual([
      '2026-12-04T22:57:00.000Z',
      '2026-12-04T22:58:00.000Z',
      '2026-12-04T22:59:00.000Z',
      '2026-12-07T15:00:00.000Z',
      '2026-12-07T15:01:00.000Z',
    ])
    expect(next.toISOString()).toBe('2026-12-07T15:02:00.000Z')
  })

  it('keeps jitter inside the window', () => {
    const { slots } = assignSlots({ count: 3, from: new Date('2026-12-04T22:59:00Z'), schedule: weekdays, perMinute: 60, jitterSeconds: 600, random: () => 0.999 })
    for (const slot of slots) expect(slot!.getTime()).toBeLessThan(Date.parse('2026-12-04T23:00:00Z'))
  })

  it('gives no slot past the end date', () => {
    const ending = { ...weekdays, endsAt: new Date('2026-12-04T22:59:30Z') }
    const { slots } = assignSlots({ count: 3, from: new Date('2026-12-04T22:59:00Z'), schedule: ending, perMinute: 1 })
    expect(slots[0]!.toISOString()).toBe('2026-12-04T22:59:00.000Z')
    expect(slots.slice(1)).toEqual([null, null])
  })

  it('has no windows when no day is chosen or the window is empty', () => {
    expect(assignSlots({ count: 2, from: new Date(), schedule: { ...weekdays, days: [] }, perMinute: 10 }).slots).toEqual([null, null])
    expect(sendingWindows({ ...weekdays, windowEnd: '08:00' }, new Date()).next().done).toBe(true)
  })
})
