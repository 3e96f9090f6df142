import { Link } from '@remix-run/react'
import { cn } from '~/utils/cn'
import { Button } from './button'
import { Icon } from './icon'

function PageLink({ to, children }: { to: string | null; children: React.ReactNode }) {
  return (
    <Button asChild variant="secondary" size="sm" className={cn(!to && 'pointer-events-none opacity-50')}>
      <Link to={to ?? '#'} aria-disabled={!to} tabIndex={to ? undefined : -1} preventScrollReset>
        {children}
      </Link>
    </Button>
  )
}

/**
 * Newer/Older links of a keyset-paginated list (newest first, or oldest
 * first: then Older is the way back and comes first); null disables one.
 */
export function Pager({ newerHref, olderHref, oldestFirst = false }: { newerHref: string | null; olderHref: string | null; oldestFirst?: boolean }) {
  if (oldestFirst) {
    return (
      <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
        <PageLink to={olderHref}>
          <Icon name="previous" /> Older
        </PageLink>
        <PageLink to={newerHref}>
          Newer <Icon name="next" />
        </PageLink>
      </nav>
    )
  }
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      <PageLink to={newerHref}>
        <Icon name="previous" /> Newer
      </PageLink>
      <PageLink to={olderHref}>
        Older <Icon name="next" />
      </PageLink>
    </nav>
  )
}
