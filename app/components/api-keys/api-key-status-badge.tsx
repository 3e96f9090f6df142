import { Badge } from '~/components/ui/badge'

/** An API key's status (active, revoked, expired) as a coloured badge. */
export function ApiKeyStatusBadge({ status }: { status: 'active' | 'revoked' | 'expired' }) {
  const tone = status === 'active' ? 'success' : status === 'revoked' ? 'danger' : 'warning'
  return (
    <Badge tone={tone} className="capitalize">
      {status}
    </Badge>
  )
}
