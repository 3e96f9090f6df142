export type UtcPrecision = 'day' | 'minute' | 'second'

const lengths: Record<UtcPrecision, number> = { day: 10, minute: 16, second: 19 }

/** `2026-11-26T14:03:09.512Z` → `2026-11-26 14:03 UTC` (minute), `… 14:03:09 UTC` (second) or `2026-11-26` (day). */
export function formatUtc(iso: string, precision: UtcPrecision = 'minute'): string {
  if (precision === 'day') return iso.slice(0, 10)
  return `${iso.slice(0, 10)} ${iso.slice(11, lengths[precision])} UTC`
}

/**
 * A moment, always in UTC: the server and every browser render the same
 * text (no hydration mismatch), and operators in different time zones
 * quote the same time to each other.
 */
export function UtcTime({
  value,
  precision = 'minute',
  empty = '—',
}: {
  /** An ISO 8601 timestamp, as loaders serialize dates; null shows `empty`. */
  value: string | null
  precision?: UtcPrecision
  empty?: string
}) {
  if (!value) return <span className="text-muted-foreground">{empty}</span>
  return (
    <time dateTime={value} title={value}>
      {formatUtc(value, precision)}
    </time>
  )
}
