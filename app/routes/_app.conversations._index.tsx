import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge } from '~/components/ui/badge'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { Pager } from '~/components/ui/pager'
import { UtcTime } from '~/components/ui/utc-time'
import { listConversations } from '~/modules/messaging/list-conversations.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Conversations · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:conversation:any')
  const before = new URL(request.url).searchParams.get('before')
  const page = await listConversations({ organizationId: user.organization.id, showFullPhoneNumbers: userHasPermission(user, 'read:phone:any'), before })
  return { ...page, isFirst: !before }
}

export default function Conversations() {
  const page = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Conversations" description="One thread per person and number we text from; the latest message first." />
      {page.items.length === 0 ? (
        <EmptyState title="No conversations yet">A conversation starts with the first message sent to a lead, or the first text someone sends us.</EmptyState>
      ) : (
        <ul className="divide-y divide-border rounded border border-border bg-surface" aria-label="Conversations">
          {page.items.map((c) => (
            <li key={c.id}>
              <Link to={`/conversations/${c.id}`} className="flex flex-col gap-1 px-4 py-3 hover:bg-muted/50 focus-visible:bg-muted/50" data-testid="conversation-row">
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{c.name ?? c.to}</span>
                  {c.name ? <span className="font-mono text-xs text-muted-foreground">{c.to}</span> : null}
                  {c.last?.replyClass === 'opt_out' ? <Badge tone="danger">Opted out</Badge> : null}
                  <span className="ml-auto text-xs text-muted-foreground"><UtcTime value={c.lastMessageAt} /></span>
                </span>
                {c.last ? (
                  <span className="truncate text-sm text-muted-foreground">
                    {c.last.direction === 'inbound' ? '' : 'You: '}
                    {c.last.body}
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-4">
        <Pager newerHref={page.isFirst ? null : '/conversations'} olderHref={page.nextCursor ? `?before=${encodeURIComponent(page.nextCursor)}` : null} />
      </div>
    </>
  )
}
