import { describe, expect, it } from 'vitest'
import { addSample, formatBytes, formatDuration, progressFigures } from './upload-progress'

describe('upload progress', () => {
  it('measures speed over the recent window and the time left at that speed', () => {
    let samples = addSample([], { at: 0, bytes: 0 })
    samples = addSample(samples, { at: 1000, bytes: 4 * 1024 ** 2 })
    samples = addSample(samples, { at: 2000, bytes: 8 * 1024 ** 2 })
    expect(progressFigures(samples, 20 * 1024 ** 2)).toEqual({
      bytesSent: 8 * 1024 ** 2,
      bytesTotal: 20 * 1024 ** 2,
      percent: 40,
      bytesPerSecond: 4 * 1024 ** 2,
      secondsLeft: 3,
    })
  })

  it('forgets samples older than the window, so an early burst does not flatter a slower network', () => {
    let samples = addSample([], { at: 0, bytes: 0 })
    samples = addSample(samples, { at: 1000, bytes: 10_000_000 })
    for (let at = 2000; at <= 12_000; at += 1000) samples = addSample(samples, { at, bytes: 10_000_000 + (at - 1000) * 100 })
    // The window is the last 8 s (from 4 s on): 100 kB/s, not the 10 MB burst of the first second.
    expect(samples[0]).toEqual({ at: 4000, bytes: 10_300_000 })
    expect(progressFigures(samples, 20_000_000).bytesPerSecond).toBe(100_000)
  })

  it('knows nothing before bytes move, and reaches 100% only at the last byte', () => {
    expect(progressFigures([{ at: 0, bytes: 0 }], 100)).toMatchObject({ percent: 0, bytesPerSecond: null, secondsLeft: null })
    expect(progressFigures([{ at: 0, bytes: 999 }], 1000).percent).toBe(99)
    expect(progressFigures([{ at: 0, bytes: 1000 }], 1000).percent).toBe(100)
  })

  it('formats sizes and durations for people', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GB')
    expect(formatDuration(42)).toBe('42 s')
    expect(formatDuration(75)).toBe('1 min 15 s')
    expect(formatDuration(3700)).toBe('1 h 1 min')
  })
})
