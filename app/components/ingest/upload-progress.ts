/** Speed and time left of an upload, from the progress samples of the last few seconds. */

export type ProgressSample = { at: number; bytes: number }

/** Speed is measured over this window: long enough to smooth 4 MB chunk steps, short enough to follow a changing network. */
export const SPEED_WINDOW_MS = 8_000

/** Adds a sample and drops those that fell out of the window (keeping one older sample as its baseline). */
export function addSample(samples: readonly ProgressSample[], sample: ProgressSample, windowMs = SPEED_WINDOW_MS): ProgressSample[] {
  const next = [...samples, sample]
  while (next.length > 2 && sample.at - next[1]!.at >= windowMs) next.shift()
  return next
}

export type ProgressFigures = {
  bytesSent: number
  bytesTotal: number
  /** 0–100, rounded down: 100 only when every byte is sent. */
  percent: number
  /** Bytes per second over the window, or null before there is anything to measure. */
  bytesPerSecond: number | null
  /** Seconds left at that speed, or null when unknown. */
  secondsLeft: number | null
}

export function progressFigures(samples: readonly ProgressSample[], bytesTotal: number): ProgressFigures {
  const last = samples[samples.length - 1]
  const bytesSent = last?.bytes ?? 0
  const percent = bytesTotal > 0 ? Math.floor((bytesSent / bytesTotal) * 100) : 0
  const first = samples[0]
  const elapsed = first && last ? (last.at - first.at) / 1000 : 0
  const bytesPerSecond = first && last && elapsed > 0 && last.bytes > first.bytes ? (last.bytes - first.bytes) / elapsed : null
  const secondsLeft = bytesPerSecond ? Math.ceil((bytesTotal - bytesSent) / bytesPerSecond) : null
  return { bytesSent, bytesTotal, percent, bytesPerSecond, secondsLeft }
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB']

/** 1536 → "1.5 KB" (powers of 1024, one decimal from KB up). */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`
}

/** 75 → "1 min 15 s"; 3700 → "1 h 2 min". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}
