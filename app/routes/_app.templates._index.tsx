import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { Pager } from '~/components/ui/pager'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { listTemplates } from '~/modules/templates/list-templates.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Templates · esd.quest' }]

const PAGE_SIZE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:campaign:any')
  const url = new URL(request.url)
  const cursor = url.searchParams.get('after')
  const archived = url.searchParams.get('archived') === '1'
  const page = await listTemplates({ organizationId: user.organization.id, limit: PAGE_SIZE, cursor, archived })
  return { ...page, archived, isFirst: !cursor, canWrite: userHasPermission(user, 'write:campaign:any') }
}

export default function Templates() {
  const page = useLoaderData<typeof loader>()
  const archivedQuery = page.archived ? 'archived=1&' : ''
  return (
    <>
      <PageHeader
        title="Templates"
        description="The messages campaigns send: merge fields, spintax, their segments and compliance checks."
        actions={
          page.canWrite ? (
            <Button asChild>
              <Link to="/templates/new">New template</Link>
            </Button>
          ) : null
        }
      />
      <nav aria-label="Which templates" className="mb-4 flex gap-4 text-sm">
        <Link to="/templates" aria-current={!page.archived ? 'page' : undefined} className="underline-offset-2 hover:underline aria-[current=page]:font-semibold">
          In use
        </Link>
        <Link to="/templates?archived=1" aria-current={page.archived ? 'page' : undefined} className="underline-offset-2 hover:underline aria-[current=page]:font-semibold">
          Archived
        </Link>
      </nav>
      {page.data.length === 0 ? (
        <EmptyState title={page.archived ? 'No archived templates' : 'No templates yet'}>
          {page.archived ? 'Templates you archive are kept here.' : 'Write the first message your campaigns will send.'}
        </EmptyState>
      ) : (
        <Table label="Templates" className="min-w-[720px]">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Message</Th>
              <Th className="text-right">Segments</Th>
              <Th className="text-right">Variants</Th>
              <Th>Checks</Th>
              <Th>Changed (UTC)</Th>
            </tr>
          </thead>
          <tbody>
            {page.data.map((template) => {
              const errors = template.lint.filter((i) => i.severity === 'error').length
              const warnings = template.lint.length - errors
              return (
                <tr key={template.id} className="hover:bg-muted/50" data-testid="template-row">
                  <Td>
                    <Link to={`/templates/${template.id}`} className="font-medium underline-offset-2 hover:underline">
                      {template.name}
                    </Link>
                  </Td>
                  <Td className="max-w-[320px] truncate">{template.body}</Td>
                  <Td className="text-right tabular-nums">{template.kind === 'mms' ? <Badge tone="neutral">MMS</Badge> : template.longest.segments}</Td>
                  <Td className="text-right tabular-nums">{template.variants.toLocaleString('en-US')}</Td>
                  <Td>
                    {errors ? <Badge tone="danger">{errors === 1 ? '1 error' : `${errors} errors`}</Badge> : null}{' '}
                    {warnings ? <Badge tone="warning">{warnings === 1 ? '1 warning' : `${warnings} warnings`}</Badge> : null}
                    {!errors && !warnings ? <Badge tone="success">OK</Badge> : null}
                  </Td>
                  <Td>
                    <UtcTime value={template.updatedAt} />
                  </Td>
                </tr>
              )
            })}
          </tbody>
        </Table>
      )}
      <div className="mt-4">
        <Pager
          newerHref={page.isFirst ? null : `/templates${page.archived ? '?archived=1' : ''}`}
          olderHref={page.nextCursor ? `?${archivedQuery}after=${encodeURIComponent(page.nextCursor)}` : null}
        />
      </div>
    </>
  )
}
