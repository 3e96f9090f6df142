import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useNavigation } from '@remix-run/react'
import { Pager } from '~/components/ui/pager'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { Table, Td, Th } from '~/components/ui/table'
import { listLeads, type LeadTotal } from '~/modules/leads/list-leads.server'
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

function describeTotal(total: LeadTotal) {
  const count = total.count.toLocaleString('en-US')
  if (total.kind === 'about') return `About ${count} leads in this organization`
  if (total.kind === 'more-than') return `More than ${count} leads in this organization`
  return `${count} ${total.count === 1 ? 'lead' : 'leads'} in this organization`
}

const statusStyles: Record<string, string> = {
  new: 'bg-accent text-accent-foreground',
  contacted: 'bg-muted text-foreground',
  replied: 'bg-success/15 text-success',
  qualified: 'bg-success/15 font-semibold text-success',
  closed: 'bg-muted text-muted-foreground',
}

export default function Leads() {
  const page = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/leads'
  return (
    <>
      <PageHeader title="Leads" description={describeTotal(page.total)} />
      {page.items.length === 0 ? (
        <EmptyState title="No leads yet">Leads appear here once a lead file is imported.</EmptyState>
      ) : (
        <div className={cn(loading && 'opacity-60')} aria-busy={loading}>
          <Table label="Leads" className="min-w-[640px]">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Phone</Th>
                <Th>Location</Th>
                <Th>Status</Th>
                <Th>Grade</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((lead) => (
                <tr key={lead.id} className="hover:bg-muted/50" data-testid="lead-row">
                  <Td className="font-medium">{lead.name}</Td>
                  <Td className="font-mono text-xs">{lead.phone ?? '—'}</Td>
                  <Td>
                    {lead.city}, {lead.state}
                  </Td>
                  <Td>
                    <span className={cn('rounded px-2 py-0.5 text-xs capitalize', statusStyles[lead.status])}>{lead.status}</span>
                  </Td>
                  <Td>{lead.grade ?? '—'}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
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
