import type { StageBar } from '~/modules/ingest/import-stage-bars'
import { formatDuration } from './upload-progress'

const n = (value: number) => value.toLocaleString('en-US')

/** One stage's bar: rows done of total, rows/s and the time left. */
export function StageProgress({ bar }: { bar: StageBar }) {
  const id = `stage-${bar.key}`
  return (
    <div className="space-y-1" data-testid={`stage-${bar.key}`} data-state={bar.state}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span id={id} className="font-medium">
          {bar.label}
        </span>
        <span className="text-xs tabular-nums text-muted-foreground">{bar.state === 'waiting' ? 'waiting' : bar.state === 'done' ? 'done' : `${bar.percent}%`}</span>
      </div>
      <progress
        aria-labelledby={id}
        value={bar.percent}
        max={100}
        className="h-2 w-full overflow-hidden rounded bg-muted [&::-moz-progress-bar]:bg-primary [&::-webkit-progress-bar]:bg-muted [&::-webkit-progress-value]:bg-primary"
      />
      <p className="text-xs tabular-nums text-muted-foreground" data-testid={`stage-${bar.key}-figures`}>
        {n(bar.done)} {bar.total !== null ? `of ${n(bar.total)} ` : ''}rows
        {bar.rowsPerSecond ? ` · ${n(bar.rowsPerSecond)} rows/s` : ''}
        {bar.etaSeconds !== null ? ` · about ${formatDuration(bar.etaSeconds)} left` : ''}
      </p>
    </div>
  )
}
