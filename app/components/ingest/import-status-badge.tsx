import { Badge } from '~/components/ui/badge'

const tones = {
  queued: 'neutral',
  running: 'accent',
  paused: 'warning',
  completed: 'success',
  failed: 'danger',
  cancelled: 'neutral',
} as const

export type ImportStatusName = keyof typeof tones

/** An import's status, in words and color. */
export function ImportStatusBadge({ status }: { status: ImportStatusName }) {
  return (
    <Badge tone={tones[status]} className="w-fit capitalize" data-testid="import-status">
      {status}
    </Badge>
  )
}
