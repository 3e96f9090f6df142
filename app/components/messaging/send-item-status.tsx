import { Badge } from '~/components/ui/badge'
import type { SendBatchItem } from '~/modules/messaging/get-send-batch.server'

const DELIVERY_TONE: Record<string, 'success' | 'danger' | 'neutral' | 'accent'> = {
  delivered: 'success',
  undelivered: 'danger',
  failed: 'danger',
  sent: 'accent',
  queued: 'neutral',
  sending: 'neutral',
}

/** Where one recipient of a send stands: blocked (and why), canceled, queued, or the carrier's delivery status. */
export function SendItemStatus({ item }: { item: Pick<SendBatchItem, 'status' | 'deliveryStatus' | 'blockReason' | 'blockMessage' | 'blockDetail' | 'errorCode'> }) {
  if (item.status === 'blocked' || item.status === 'canceled') {
    return (
      <div className="space-y-0.5">
        <Badge tone="warning" data-testid="block-reason" data-reason={item.blockReason ?? ''}>
          {item.status === 'blocked' ? 'Blocked' : 'Canceled'}: {item.blockReason?.replaceAll('_', ' ')}
        </Badge>
        <p className="text-xs text-muted-foreground">
          {item.blockMessage}
          {item.blockDetail ? ` (${item.blockDetail})` : ''}
        </p>
      </div>
    )
  }
  const shown = item.deliveryStatus ?? item.status
  return (
    <Badge tone={DELIVERY_TONE[shown] ?? 'neutral'} data-testid="delivery-status">
      {shown}
      {item.errorCode ? ` · ${item.errorCode}` : ''}
    </Badge>
  )
}
