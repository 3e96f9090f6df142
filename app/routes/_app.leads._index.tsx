import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useNavigation } from '@remix-run/react'
import { Pager } from '~/components/ui/pager'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { listLeads } from '~/modules/leads/list-leads.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'
import { cn } from '~/utils/cn'
import { pageSizeSchema } from '~/utils/pagination.server'

export const meta: MetaFunction = () => [{ title: 'Leads · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:lead:any')
  const params = new URL(request.url).searchParams
  return listLeads({
    organizationId: user.organization.id,
    showFullPhoneNumbers: userHasPermission(user, 'read:phone:any'),
    after: params.get('after'),
    before: params.get('before'),
    pageSize: pageSizeSchema.parse(params.get('size') ?? undefined),
  })
}

const statusStyles: Record<string, string> = {
  new: 'bg-accent text-accent-foreground',
  contacted: 'bg-muted text-foreground',
  replied: 'bg-success/15 text-success',
  qualified: 'bg-success/25 text-success',
  closed: 'bg-muted text-muted-foreground',
}

export default function Leads() {
  const page = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/leads'
  return (
    <>
      <PageHeader title="Leads" description={`${page.total.toLocaleString('en-US')} leads in this organization`} />
      {page.items.length === 0 ? (
        <EmptyState title="No leads yet">Leads appear here once a lead file is imported.</EmptyState>
      ) : (
        <div className={cn('overflow-x-auto rounded-lg border border-border bg-surface', loading && 'opacity-60')} aria-busy={loading}>
          <table className="w-full min-w-[640px] text-left">
            <thead className="border-b border-border text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">Name</th>
                <th scope="col" className="px-4 py-2 font-medium">Phone</th>
                <th scope="col" className="px-4 py-2 font-medium">Location</th>
                <th scope="col" className="px-4 py-2 font-medium">Status</th>
                <th scope="col" className="px-4 py-2 font-medium">Grade</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {page.items.map((lead) => (
                <tr key={lead.id} className="hover:bg-muted/50" data-testid="lead-row">
                  <td className="px-4 py-2 font-medium">{lead.name}</td>
                  <td className="px-4 py-2 font-mono text-xs">{lead.phone ?? '—'}</td>
                  <td className="px-4 py-2">{lead.city}, {lead.state}</td>
                  <td className="px-4 py-2">
                    <span className={cn('rounded px-2 py-0.5 text-xs capitalize', statusStyles[lead.status])}>{lead.status}</span>
                  </td>
                  <td className="px-4 py-2">{lead.grade ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-4">
        <Pager
          newerHref={page.prevCursor ? `?before=${page.prevCursor}` : null}
          olderHref={page.nextCursor ? `?after=${page.nextCursor}` : null}
        />
      </div>
    </>
  )
}
