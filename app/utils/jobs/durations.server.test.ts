import { describe, expect, it } from 'vitest'
import { parseDelay } from './durations.server'

describe('parseDelay', () => {
  const now = new Date('2026-11-22T00:00:00Z')
  it('reads the SDK duration strings', () => {
    expect(parseDelay('1h30m', now).toISOString()).toBe('2026-11-22T01:30:00.000Z')
    expect(parseDelay('500ms', now).getTime() - now.getTime()).toBe(500)
    expect(parseDelay('2d', now).toISOString()).toBe('2026-11-24T00:00:00.000Z')
  })
  it('reads sleepUntil dates', () => {
    expect(parseDelay('2026-12-01T10:00:00.000Z', now).toISOString()).toBe('2026-12-01T10:00:00.000Z')
  })
  it('refuses what it cannot read rather than sleeping for zero', () => {
    expect(() => parseDelay('soon', now)).toThrowError(/soon/)
  })
})
