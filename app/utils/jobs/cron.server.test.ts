import { describe, expect, it } from 'vitest'
import { cronMatches, dueMinutes, parseCron } from './cron.server'

const at = (iso: string) => new Date(iso)

describe('cron schedules', () => {
  it('match minutes, hours, steps, lists and ranges in UTC', () => {
    const hourly = parseCron('17 * * * *')
    expect(cronMatches(hourly, at('2026-11-22T04:17:00Z'))).toBe(true)
    expect(cronMatches(hourly, at('2026-11-22T04:18:00Z'))).toBe(false)

    const business = parseCron('*/15 9-17 * * 1-5')
    expect(cronMatches(business, at('2026-11-23T09:45:00Z'))).toBe(true) // Monday
    expect(cronMatches(business, at('2026-11-22T09:45:00Z'))).toBe(false) // Sunday
    expect(cronMatches(business, at('2026-11-23T18:00:00Z'))).toBe(false)

    expect(cronMatches(parseCron('0 0 1,15 * *'), at('2026-12-15T00:00:00Z'))).toBe(true)
  })

  it('treat Sunday as 0 or 7, and either day field when both are restricted', () => {
    expect(cronMatches(parseCron('0 12 * * 7'), at('2026-11-22T12:00:00Z'))).toBe(true)
    const either = parseCron('0 0 1 * 1')
    expect(cronMatches(either, at('2026-11-23T00:00:00Z'))).toBe(true) // a Monday, not the 1st
    expect(cronMatches(either, at('2026-12-01T00:00:00Z'))).toBe(true) // the 1st, a Tuesday
  })

  it('list every due minute in a window, excluding its start', () => {
    const due = dueMinutes(parseCron('*/10 * * * *'), at('2026-11-22T04:00:00Z'), at('2026-11-22T04:30:00Z'))
    expect(due.map((d) => d.toISOString())).toEqual([
      '2026-11-22T04:10:00.000Z',
      '2026-11-22T04:20:00.000Z',
      '2026-11-22T04:30:00.000Z',
    ])
  })

  it('reject malformed expressions with the field named', () => {
    expect(() => parseCron('* * *')).toThrowError(/5 fields/)
    expect(() => parseCron('61 * * * *')).toThrowError(/minute/)
    expect(() => parseCron('* * * 13 *')).toThrowError(/month/)
    expect(() => parseCron('*/0 * * * *')).toThrowError(/step/)
  })
})
