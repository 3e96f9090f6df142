import { describe, expect, it } from 'vitest'
import { formatDuration } from './format-duration'

describe('formatDuration', () => {
  it('picks a unit a person reads at a glance', () => {
    expect(formatDuration(null)).toBe('—')
    expect(formatDuration(0)).toBe('0 ms')
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(1234)).toBe('1.2 s')
    expect(formatDuration(12_345)).toBe('12 s')
    expect(formatDuration(245_000)).toBe('4 min 5 s')
    expect(formatDuration(7_620_000)).toBe('2 h 7 min')
  })
})
