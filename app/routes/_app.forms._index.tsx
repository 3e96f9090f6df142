import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { listLeadForms } from '~/modules/forms/list-lead-forms.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { decodeCursor } from '~/utils/pagination.server'
import { userHasPermission } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Lead forms · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:lead:any')
  const cursor = new URL(request.url).searchParams.get('cursor')
  const page = await listLeadForms({ organizationId: user.organization.id, limit: 50, cursor: decodeCursor(cursor) ? cursor : null })
  return { forms: page.data, nextCursor: page.nextCursor, canWrite: userHasPermission(user, 'write:lead:any') }
}

export default function LeadForms() {
  const { forms, nextCursor, canWrite } = useLoaderData<typeof loader>()
  return (
    <section className="space-y-4">
      <PageHeader
        title="Lead forms"
        description="Hosted opt-in forms: a public page and an embed snippet. Each submission stores the exact consent text the visitor saw."
        actions={
          canWrite ? (
            <Button asChild>
              <Link to="/forms/new">New form</Link>
            </Button>
          ) : null
        }
      />
      {forms.length === 0 ? (
        <EmptyState title="No lead forms yet">{canWrite ? 'Create one to collect opted-in leads from your website.' : 'An operator who can write leads can create one.'}</EmptyState>
      ) : (
        <Table label="Lead forms">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Public address</Th>
              <Th>Status</Th>
              <Th>Disclosure</Th>
              <Th>Created</Th>
            </tr>
          </thead>
          <tbody>
            {forms.map((form) => (
              <tr key={form.id} data-testid="lead-form-row">
                <Td>
                  <Link to={`/forms/${form.id}`} className="font-medium underline underline-offset-2">
                    {form.name}
                  </Link>
                </Td>
                <Td className="font-mono text-xs">{form.path}</Td>
                <Td>{form.enabled ? <Badge tone="success">enabled</Badge> : <Badge>disabled</Badge>}</Td>
                <Td>version {form.disclosureVersion}{form.doubleOptIn ? ', double opt-in' : ''}</Td>
                <Td>
                  <UtcTime value={form.createdAt} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {nextCursor ? (
        <Link to={`?cursor=${encodeURIComponent(nextCursor)}`} className="text-sm underline underline-offset-2">
          Older forms
        </Link>
      ) : null}
    </section>
  )
}
