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

const STATUSES = [
  { value: 'open', label: 'Open' },
  { value: 'closed', label: 'Closed' },
  { value: 'all', label: 'All' },
] as const
const ASSIGNEES = [
  { value: 'anyone', label: 'Anyone' },
  { value: 'me', label: 'Assigned to me' },
  { value: 'unassigned', label: 'Unassigned' },
] as const
type StatusChoice = (typeof STATUSES)[number]['value']
type AssigneeChoice = (typeof ASSIGNEES)[number]['value']

function choice<T extends string>(value: string | null, allowed: readonly { value: T }[], fallback: T): T {
  return allowed.find((a) => a.value === value)?.value ?? fallback
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:conversation:any')
  const params = new URL(request.url).searchParams
  const before = params.get('before')
  const status = choice<StatusChoice>(params.get('status'), STATUSES, 'open')
  const assignee = choice<AssigneeChoice>(params.get('assignee'), ASSIGNEES, 'anyone')
  const page = await listConversations({
    organizationId: user.organization.id,
    showFullPhoneNumbers: userHasPermission(user, 'read:phone:any'),
    before,
    filter: {
      ...(status === 'all' ? {} : { status }),
      ...(assignee === 'me' ? { assignedTo: user.id } : assignee === 'unassigned' ? { assignedTo: 'unassigned' } : {}),
    },
  })
  return { ...page, isFirst: !before, status, assignee, userId: user.id }
}

/** The list's URL with these filters (the defaults left out), from its first page. */
function href(status: StatusChoice, assignee: AssigneeChoice, before?: string) {
  const params = new URLSearchParams()
  if (status !== 'open') params.set('status', status)
  if (assignee !== 'anyone') params.set('assignee', assignee)
  if (before) params.set('before', before)
  const query = params.toString()
  return query ? `/conversations?${query}` : '/conversations'
}

const filterLink = 'rounded px-2 py-1 underline-offset-2 hover:underline focus-visible:ring-2 focus-visible:ring-ring aria-[current=page]:bg-muted aria-[current=page]:font-semibold'

export default function Conversations() {
  const page = useLoaderData<typeof loader>()
  const filtered = page.status !== 'all' || page.assignee !== 'anyone'
  return (
    <>
      <PageHeader title="Conversations" description="One thread per person and number we text from; the latest message first." />
      <div className="mb-4 flex flex-col gap-2 text-sm sm:flex-row sm:flex-wrap sm:gap-6">
        <nav aria-label="Status" className="flex flex-wrap items-center gap-1">
          <span className="mr-1 text-muted-foreground">Status:</span>
          {STATUSES.map((s) => (
            <Link key={s.value} to={href(s.value, page.assignee)} aria-current={page.status === s.value ? 'page' : undefined} className={filterLink}>
              {s.label}
            </Link>
          ))}
        </nav>
        <nav aria-label="Assignee" className="flex flex-wrap items-center gap-1">
          <span className="mr-1 text-muted-foreground">Assignee:</span>
          {ASSIGNEES.map((a) => (
            <Link key={a.value} to={href(page.status, a.value)} aria-current={page.assignee === a.value ? 'page' : undefined} className={filterLink}>
              {a.label}
            </Link>
          ))}
        </nav>
      </div>
      {page.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No conversations here">
            None matches these filters. <Link to={href('all', 'anyone')} className="underline underline-offset-2">Show all conversations</Link>.
          </EmptyState>
        ) : (
          <EmptyState title="No conversations yet">A conversation starts with the first message sent to a lead, or the first text someone sends us.</EmptyState>
        )
      ) : (
        <ul className="divide-y divide-border rounded border border-border bg-surface" aria-label="Conversations">
          {page.items.map((c) => (
            <li key={c.id}>
              <Link
                to={`/conversations/${c.id}`}
                className="flex flex-col gap-1 px-4 py-3 hover:bg-muted/50 focus-visible:bg-muted/50"
                data-testid="conversation-row"
                data-status={c.status}
              >
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{c.name ?? c.to}</span>
                  {c.name ? <span className="font-mono text-xs text-muted-foreground">{c.to}</span> : null}
                  {c.last?.replyClass === 'opt_out' ? <Badge tone="danger">Opted out</Badge> : null}
                  {c.status === 'closed' ? <Badge tone="neutral">Closed</Badge> : null}
                  <span className="text-xs text-muted-foreground" data-testid="conversation-assignee">
                    {c.assignee ? (c.assignee.id === page.userId ? 'Assigned to you' : `Assigned to ${c.assignee.name}`) : 'Unassigned'}
                  </span>
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
        <Pager newerHref={page.isFirst ? null : href(page.status, page.assignee)} olderHref={page.nextCursor ? href(page.status, page.assignee, page.nextCursor) : null} />
      </div>
    </>
  )
}
