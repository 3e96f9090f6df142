import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SendItemStatus } from '~/components/messaging/send-item-status'
import { LiveRefresh } from '~/components/realtime/live-refresh'
import { Card, PageHeader } from '~/components/ui/card'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { getSendBatch } from '~/modules/messaging/get-send-batch.server'
import { sendBatchRoomId } from '~/modules/realtime/rooms'
import { isAppError } from '~/utils/app-error'
import { requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'
import type { loader as appLoader } from './_app'

export const meta: MetaFunction = () => [{ title: 'Send · esd.quest' }]

// Realtime pushes every change (a broadcast, or a storage mark on the dev server); polling is only the fallback.
const POLL_MS = 30_000

function notFound(): never {
  throw new Response('No such send', { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'send:message:any')
  const id = z.uuid().safeParse(params.batchId)
  if (!id.success) notFound()
  try {
    const batch = await getSendBatch({ organizationId: user.organization.id, batchId: id.data, showFullPhoneNumbers: userHasPermission(user, 'read:phone:any') })
    return { batch, roomId: sendBatchRoomId(user.organization.id, id.data), canReadConversations: userHasPermission(user, 'read:conversation:any') }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

const COUNTS: [key: keyof ReturnType<typeof useLoaderData<typeof loader>>['batch']['counts'], label: string][] = [
  ['requested', 'Chosen'],
  ['queued', 'Queued'],
  ['blocked', 'Blocked'],
  ['sent', 'Sent'],
  ['delivered', 'Delivered'],
  ['failed', 'Failed'],
  ['canceled', 'Canceled'],
  ['replies', 'Replies'],
]

export default function SendBatch() {
  const { batch, roomId, canReadConversations } = useLoaderData<typeof loader>()
  const app = useRouteLoaderData<typeof appLoader>('routes/_app')
  return (
    <>
      <PageHeader
        title="Send"
        description={`${batch.purpose === 'marketing' ? 'Outreach' : 'Reply'} by ${batch.actorLabel}`}
        actions={<Link to="/sends" className="text-sm underline underline-offset-2">All sends</Link>}
      />
      <LiveRefresh roomId={roomId} baseUrl={app?.realtime?.baseUrl ?? null} active poll={batch.active} eventType="messages.changed" pollMs={POLL_MS} followStorage />
      <div className="space-y-4">
        <Card className="space-y-3">
          <p className="whitespace-pre-wrap text-sm" data-testid="send-body">{batch.body}</p>
          <p className="text-xs text-muted-foreground">
            Queued <UtcTime value={batch.createdAt} /> · {batch.active ? <span data-testid="send-live">updating live</span> : <span data-testid="send-settled">settled; replies still appear as they arrive</span>}
          </p>
          <dl className="grid grid-cols-4 gap-3 sm:grid-cols-8" data-testid="send-counts">
            {COUNTS.map(([key, label]) => (
              <div key={key}>
                <dt className="text-xs text-muted-foreground">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums" data-testid={`count-${key}`}>{batch.counts[key].toLocaleString('en-US')}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Table label="Recipients" className="min-w-[720px]">
          <thead>
            <tr>
              <Th>Recipient</Th>
              <Th>Number</Th>
              <Th>From</Th>
              <Th>Status</Th>
              <Th>Reply</Th>
            </tr>
          </thead>
          <tbody>
            {batch.items.map((item) => (
              <tr key={item.id} data-testid="send-item" data-status={item.status} data-delivery={item.deliveryStatus ?? ''}>
                <Td className="font-medium">{item.name ?? '—'}</Td>
                <Td className="font-mono text-xs">{item.to}</Td>
                <Td className="font-mono text-xs">{item.from ?? '—'}</Td>
                <Td>
                  <SendItemStatus item={item} />
                </Td>
                <Td className="text-sm">
                  {item.reply ? (
                    <span data-testid="send-item-reply">
                      “{item.reply.body}”{item.reply.replyClass === 'opt_out' ? <span className="ml-1 text-xs text-danger">(opted out)</span> : null}
                    </span>
                  ) : null}
                  {item.conversationId && canReadConversations ? (
                    <Link to={`/conversations/${item.conversationId}`} className="ml-2 text-xs underline underline-offset-2">
                      Conversation
                    </Link>
                  ) : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {batch.truncated ? <p className="text-sm text-muted-foreground">The first {batch.items.length} recipients are shown; the counts cover every one.</p> : null}
      </div>
    </>
  )
}
