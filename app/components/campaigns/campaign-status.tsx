import { Badge } from '~/components/ui/badge'

const TONES = { draft: 'neutral', scheduled: 'accent', running: 'success', paused: 'warning', completed: 'neutral', cancelled: 'danger' } as const

export function CampaignStatusBadge({ status }: { status: keyof typeof TONES }) {
  return (
    <Badge tone={TONES[status]} data-testid="campaign-status" data-status={status}>
      {status}
    </Badge>
  )
}
