import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { ImportStatusBadge } from '~/components/ingest/import-status-badge'
import { Button } from '~/components/ui/button'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { Pager } from '~/components/ui/pager'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { listImportsPage } from '~/modules/ingest/list-imports-page.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { cn } from '~/utils/cn'
import { pageSizeSchema } from '~/utils/pagination.server'
import { IMPORT_PERMISSION } from '~/utils/upload-auth.server'

export const meta: MetaFunction = () => [{ title: 'Imports · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, IMPORT_PERMISSION)
  const params = new URL(request.url).searchParams
  const page = await listImportsPage({
    organizationId: user.organization.id,
    limit: pageSizeSchema.parse(params.get('size') ?? undefined),
    cursor: params.get('after'),
  })
  return { items: page.items.map((item) => ({ ...item, createdAt: item.createdAt.toISOString() })), nextCursor: page.nextCursor, paged: params.has('after') }
}

const number = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'))

export default function Imports() {
  const { items, nextCursor, paged } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const location = useLocation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === location.pathname
  return (
    <>
      <PageHeader
        title="Imports"
        description="Lead files, newest first: how far each got and what it found."
        actions={
          <Button asChild className="h-11 sm:h-9">
            <Link to="/imports/upload">Upload a file</Link>
          </Button>
        }
      />
      {items.length === 0 ? (
        <EmptyState title={paged ? 'No older imports' : 'No imports yet'}>
          {paged ? (
            <Link to="/imports" className="underline underline-offset-4">
              Back to the newest
            </Link>
          ) : (
            <>
              Upload a vendor export to build your leads.{' '}
              <Link to="/imports/upload" className="font-medium underline underline-offset-4">
                Upload a lead file
              </Link>
            </>
          )}
        </EmptyState>
      ) : (
        <div className={cn('space-y-3', loading && 'opacity-60')} aria-busy={loading}>
          <Table label="Imports" className="min-w-[760px]">
            <thead>
              <tr>
                <Th className="sticky left-0 z-10 bg-surface">File</Th>
                <Th>Class</Th>
                <Th>Status</Th>
                <Th className="text-right">Rows</Th>
                <Th className="text-right">Errors</Th>
                <Th>Created</Th>
                <Th>By</Th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id} className="hover:bg-muted/50" data-testid="import-row">
                  <Td className="sticky left-0 z-10 max-w-[12rem] bg-surface sm:max-w-xs">
                    <Link to={`/imports/${item.id}`} className="block truncate font-medium underline-offset-4 hover:underline" title={item.filename}>
                      {item.filename}
                    </Link>
                  </Td>
                  <Td className="capitalize">{item.class}</Td>
                  <Td>
                    <span className="flex flex-wrap items-center gap-1">
                      <ImportStatusBadge status={item.status} />
                      {item.status === 'running' ? <span className="text-xs uppercase text-muted-foreground">{item.stage}</span> : null}
                    </span>
                  </Td>
                  <Td className="text-right tabular-nums">{number(item.rowCount)}</Td>
                  <Td className="text-right tabular-nums">{number(item.errors)}</Td>
                  <Td className="whitespace-nowrap text-xs">
                    <UtcTime value={item.createdAt} precision="minute" />
                  </Td>
                  <Td className="text-xs">{item.createdBy ?? <span className="text-muted-foreground">System</span>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
      <div className="mt-3">
        <Pager newerHref={paged ? '/imports' : null} olderHref={nextCursor ? `?after=${encodeURIComponent(nextCursor)}` : null} />
      </div>
    </>
  )
}
