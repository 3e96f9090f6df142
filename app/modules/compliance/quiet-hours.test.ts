import { describe, expect, it } from 'vitest'
import { areaCodeGeography } from './area-code-geography.server'
import { localClock, minutesLeftInWindow, quietHoursRule } from './quiet-hours'
import { strictestWindow } from './quiet-hours-windows'

const at = (iso: string) => new Date(iso)

describe('localClock', () => {
  it('reads the local time from the zone’s rules at that instant, across the DST changes of 2026', () => {
    // DST starts Sunday 2026-03-08 at 02:00 local: 07:00 UTC in New York.
    expect(localClock(at('2026-03-08T06:30:00Z'), 'America/New_York')).toEqual({ weekday: 0, minute: 1 * 60 + 30 })
    expect(localClock(at('2026-03-08T07:30:00Z'), 'America/New_York')).toEqual({ weekday: 0, minute: 3 * 60 + 30 })
    // DST ends Sunday 2026-11-01 at 02:00 local (06:00 UTC); Phoenix never changes.
    expect(localClock(at('2026-11-01T12:30:00Z'), 'America/New_York')).toEqual({ weekday: 0, minute: 7 * 60 + 30 })
    expect(localClock(at('2026-10-31T12:30:00Z'), 'America/New_York')).toEqual({ weekday: 6, minute: 8 * 60 + 30 })
    expect(localClock(at('2026-07-01T15:00:00Z'), 'America/Phoenix')).toEqual({ weekday: 3, minute: 8 * 60 })
    expect(localClock(at('2026-07-01T04:10:00Z'), 'America/Los_Angeles')).toEqual({ weekday: 2, minute: 21 * 60 + 10 })
  })
})

describe('strictestWindow', () => {
  it('narrows the federal 08:00–21:00 by every candidate state, Texas by weekday', () => {
    expect(strictestWindow([], 3)).toEqual({ startMinute: 480, endMinute: 1260 })
    expect(strictestWindow(['GA'], 3)).toEqual({ startMinute: 480, endMinute: 1260 })
    expect(strictestWindow(['FL'], 3)).toEqual({ startMinute: 480, endMinute: 1200 })
    expect(strictestWindow(['TX'], 3)).toEqual({ startMinute: 540, endMinute: 1260 })
    expect(strictestWindow(['TX'], 0)).toEqual({ startMinute: 720, endMinute: 1260 })
    expect(strictestWindow(['TX', 'OK', 'MD'], 6)).toEqual({ startMinute: 540, endMinute: 1200 })
  })
})

describe('quietHoursRule', () => {
  it('blocks when any candidate zone is outside the window, naming the zone, its local time and window', () => {
    // Sunday after the spring change, 13:30 UTC: 09:30 New York, 08:30 Chicago, 07:30 Denver, 06:30 Phoenix.
    const sunday = at('2026-03-08T13:30:00Z')
    expect(quietHoursRule({ at: sunday, zones: ['America/New_York', 'America/Chicago'], states: [] })).toBeNull()
    expect(quietHoursRule({ at: sunday, zones: ['America/New_York', 'America/Chicago', 'America/Denver'], states: [] })).toEqual({
      zone: 'America/Denver',
      localTime: 'Sun 07:30',
      window: '08:00–21:00',
    })
  })

  it('uses the standard-time offset on the day DST ends, not the summer one', () => {
    // 12:30 UTC on 2026-11-01 is 07:30 EST; with the summer offset it would wrongly be 08:30.
    expect(quietHoursRule({ at: at('2026-11-01T12:30:00Z'), zones: ['America/New_York'], states: [] })).toMatchObject({ localTime: 'Sun 07:30' })
    expect(quietHoursRule({ at: at('2026-11-01T13:30:00Z'), zones: ['America/New_York'], states: [] })).toBeNull()
  })

  it('applies Texas’ Sunday noon and Florida’s 8 p.m.', () => {
    expect(quietHoursRule({ at: at('2026-03-08T16:30:00Z'), zones: ['America/Chicago'], states: ['TX'] })).toMatchObject({ localTime: 'Sun 11:30', window: '12:00–21:00' })
    expect(quietHoursRule({ at: at('2026-03-08T17:00:00Z'), zones: ['America/Chicago'], states: ['TX'] })).toBeNull()
    // Tuesday 2026-11-24, 20:30 in New York.
    expect(quietHoursRule({ at: at('2026-11-25T01:30:00Z'), zones: ['America/New_York'], states: ['FL'] })).toMatchObject({ window: '08:00–20:00' })
    expect(quietHoursRule({ at: at('2026-11-25T01:30:00Z'), zones: ['America/New_York'], states: ['GA'] })).toBeNull()
  })
})

describe('areaCodeGeography', () => {
  it('gives every zone and state an area code spans, from libphonenumber’s metadata', () => {
    expect(areaCodeGeography('+15125550123')).toEqual({ zones: ['America/Chicago'], states: ['TX'] })
    // Idaho's 208 spans Mountain (Boise, Denver) and Pacific time.
    expect(areaCodeGeography('+12085550123')).toEqual({ zones: ['America/Boise', 'America/Denver', 'America/Los_Angeles'], states: ['ID'] })
    // Florida's 850 is mostly Central, partly Eastern.
    expect(areaCodeGeography('+18505550123')).toMatchObject({ zones: ['America/Chicago', 'America/New_York'], states: ['FL'] })
    expect(areaCodeGeography('+442071234567')).toBeNull()
  })

  it('gives an area code it does not know every zone of the +1 region and every state window', () => {
    const unknown = areaCodeGeography('+19995550123')!
    expect(unknown.zones.length).toBeGreaterThan(20)
    expect(unknown.states).toEqual(['FL', 'MD', 'OK', 'TX'])
    expect(unknown.zones).toEqual(expect.arrayContaining(['Pacific/Honolulu', 'America/St_Johns', 'America/New_York']))
  })

  it('blocks a multi-zone area code while its westernmost zone is still before 8 a.m.', () => {
    // Wednesday 15:30 UTC: 08:30 in Boise and Denver, 07:30 in Los Angeles.
    const zones = areaCodeGeography('+12085550123')!.zones
    expect(quietHoursRule({ at: at('2026-11-25T15:30:00Z'), zones, states: ['ID'] })).toMatchObject({ zone: 'America/Los_Angeles', localTime: 'Wed 07:30' })
  })
})

describe('minutesLeftInWindow (how long a carrier may hold a message)', () => {
  const at = (iso: string) => new Date(iso)
  it('is the time until the first of the zones closes, under the strictest state window', () => {
    // Wednesday 00:30 UTC: 19:30 in New York (federal window to 21:00), 18:30 in Chicago.
    expect(minutesLeftInWindow({ at: at('2026-11-26T00:30:00Z'), zones: ['America/New_York', 'America/Chicago'], states: [] })).toBe(90)
    // Florida closes at 20:00.
    expect(minutesLeftInWindow({ at: at('2026-11-26T00:30:00Z'), zones: ['America/New_York'], states: ['FL'] })).toBe(30)
  })
  it('is 0 outside the window anywhere, and with no zone known', () => {
    expect(minutesLeftInWindow({ at: at('2026-11-26T11:00:00Z'), zones: ['America/New_York'], states: [] })).toBe(0)
    expect(minutesLeftInWindow({ at: at('2026-11-26T18:00:00Z'), zones: [], states: [] })).toBe(0)
  })
})
