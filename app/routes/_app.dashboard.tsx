import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Card, PageHeader } from '~/components/ui/card'
import { getOrganizationOverview } from '~/modules/orgs/get-organization-overview.server'
import { requireUser } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'Dashboard · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const overview = await getOrganizationOverview({ organizationId: user.organization.id })
  return { overview, organization: user.organization, firstName: user.name.split(' ')[0] }
}

export default function Dashboard() {
  const { overview, organization, firstName } = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title={`Welcome, ${firstName}`} description={`${organization.name} at a glance`} />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Card>
          <div className="text-muted-foreground">Leads</div>
          <div className="mt-1 text-3xl font-semibold tabular-nums" data-testid="lead-count">
            {overview.leads.toLocaleString('en-US')}
          </div>
          <Link to="/leads" className="mt-2 inline-block text-primary underline-offset-4 hover:underline">
            View leads
          </Link>
        </Card>
        <Card>
          <div className="text-muted-foreground">Active team members</div>
          <div className="mt-1 text-3xl font-semibold tabular-nums">{overview.users}</div>
        </Card>
        <Card>
          <div className="text-muted-foreground">Leads by status</div>
          {overview.leadsByStatus.length === 0 ? (
            <p className="mt-2 text-muted-foreground">No leads yet.</p>
          ) : (
            <ul className="mt-2 space-y-1">
              {overview.leadsByStatus.map((row) => (
                <li key={row.status} className="flex justify-between capitalize">
                  <span>{row.status}</span>
                  <span className="tabular-nums">{row.count.toLocaleString('en-US')}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  )
}
