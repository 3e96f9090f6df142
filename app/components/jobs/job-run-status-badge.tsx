import { Badge } from '~/components/ui/badge'

type Status = 'queued' | 'running' | 'sleeping' | 'completed' | 'failed' | 'cancelled' | 'errored'

const tones = {
  queued: 'neutral',
  running: 'accent',
  sleeping: 'neutral',
  completed: 'success',
  failed: 'danger',
  cancelled: 'warning',
  errored: 'warning',
} as const

const titles: Record<Status, string> = {
  queued: 'Waiting for a worker (or for a concurrency slot or throttle)',
  running: 'A worker is executing it',
  sleeping: 'Paused until its sleep ends; holds no concurrency slot',
  completed: 'Finished',
  failed: 'Failed its last attempt',
  cancelled: 'Cancelled',
  errored: 'An attempt failed; it will be retried',
}

/** The status of a run or of one of its steps. */
export function JobRunStatusBadge({ status }: { status: Status }) {
  return (
    <Badge tone={tones[status]} className="w-fit capitalize" title={titles[status]}>
      {status === 'errored' ? 'retrying' : status}
    </Badge>
  )
}
