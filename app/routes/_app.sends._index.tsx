import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { Pager } from '~/components/ui/pager'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { listSendBatches } from '~/modules/messaging/list-send-batches.server'
import { requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'Sends · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'send:message:any')
  const before = new URL(request.url).searchParams.get('before')
  return { ...(await listSendBatches({ organizationId: user.organization.id, before })), isFirst: !before }
}

export default function Sends() {
  const page = useLoaderData<typeof loader>()
  return (
    <>
      <PageHeader title="Sends" description="Every message sent to a selection of leads or through the API, newest first." />
      {page.items.length === 0 ? (
        <EmptyState title="Nothing sent yet">Choose leads on the Leads page and send them a message.</EmptyState>
      ) : (
        <Table label="Sends" className="min-w-[720px]">
          <thead>
            <tr>
              <Th>Message</Th>
              <Th>By</Th>
              <Th>When (UTC)</Th>
              <Th className="text-right">Queued</Th>
              <Th className="text-right">Blocked</Th>
              <Th className="text-right">Delivered</Th>
              <Th className="text-right">Failed</Th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((batch) => (
              <tr key={batch.id} className="hover:bg-muted/50">
                <Td className="max-w-[280px] truncate">
                  <Link to={`/sends/${batch.id}`} className="font-medium underline-offset-2 hover:underline">
                    {batch.body}
                  </Link>
                </Td>
                <Td>{batch.actorLabel}</Td>
                <Td><UtcTime value={batch.createdAt} /></Td>
                <Td className="text-right tabular-nums">{batch.counts.queued}</Td>
                <Td className="text-right tabular-nums">{batch.counts.blocked}</Td>
                <Td className="text-right tabular-nums">{batch.counts.delivered}</Td>
                <Td className="text-right tabular-nums">{batch.counts.failed}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <div className="mt-4">
        <Pager newerHref={page.isFirst ? null : '/sends'} olderHref={page.nextCursor ? `?before=${encodeURIComponent(page.nextCursor)}` : null} />
      </div>
    </>
  )
}
