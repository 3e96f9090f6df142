import { describe, expect, it } from 'vitest'
import { formatUtc } from './utc-time'

describe('formatUtc', () => {
  const iso = '2026-11-26T04:03:09.512Z'
  it('cuts an ISO timestamp to the day, minute or second, naming UTC for times', () => {
    expect(formatUtc(iso, 'day')).toBe('2026-11-26')
    expect(formatUtc(iso)).toBe('2026-11-26 04:03 UTC')
    expect(formatUtc(iso, 'second')).toBe('2026-11-26 04:03:09 UTC')
  })
})
