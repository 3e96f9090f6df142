import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { CampaignStatusBadge } from '~/components/campaigns/campaign-status'
import { LiveRefresh } from '~/components/realtime/live-refresh'
import { Button } from '~/components/ui/button'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { Pager } from '~/components/ui/pager'
import { Table, Td, Th } from '~/components/ui/table'
import { listCampaigns } from '~/modules/campaigns/campaign-view.server'
import { listCrusades } from '~/modules/campaigns/crusades.server'
import { pipelineRoomId } from '~/modules/realtime/rooms'
import { requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'
import type { loader as appLoader } from './_app'

export const meta: MetaFunction = () => [{ title: 'Campaigns · esd.quest' }]

const PAGE_SIZE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:campaign:any')
  const cursor = new URL(request.url).searchParams.get('after')
  const [campaigns, crusades] = await Promise.all([
    listCampaigns({ organizationId: user.organization.id, limit: PAGE_SIZE, cursor }),
    cursor ? null : listCrusades({ organizationId: user.organization.id, limit: 20 }),
  ])
  return {
    campaigns,
    crusades: crusades?.data ?? [],
    isFirst: !cursor,
    canWrite: userHasPermission(user, 'write:campaign:any'),
    roomId: pipelineRoomId(user.organization.id),
    active: campaigns.data.some((c) => c.status === 'running' || c.status === 'scheduled'),
  }
}

const n = (value: number) => value.toLocaleString('en-US')

export default function Campaigns() {
  const page = useLoaderData<typeof loader>()
  const app = useRouteLoaderData<typeof appLoader>('routes/_app')
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Templates sent to a saved filter’s leads on a schedule and a throttle, every message through the send gate."
        actions={
          page.canWrite ? (
            <div className="flex gap-2">
              <Button asChild variant="secondary">
                <Link to="/crusades/new">New crusade</Link>
              </Button>
              <Button asChild>
                <Link to="/campaigns/new">New campaign</Link>
              </Button>
            </div>
          ) : null
        }
      />
      <LiveRefresh roomId={page.roomId} baseUrl={app?.realtime?.baseUrl ?? null} active={page.active} eventType="campaign.changed" pollMs={30_000} followStorage />
      {page.campaigns.data.length === 0 && page.isFirst ? (
        <EmptyState title="No campaigns yet">Save a lead filter on the leads page and write a template, then create a campaign from them.</EmptyState>
      ) : (
        <Table label="Campaigns" className="min-w-[760px]">
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Status</Th>
              <Th>Crusade</Th>
              <Th className="text-right">Audience</Th>
              <Th className="text-right">Queued</Th>
              <Th className="text-right">Sent</Th>
              <Th className="text-right">Delivered</Th>
              <Th className="text-right">Replies</Th>
              <Th className="text-right">Blocked</Th>
            </tr>
          </thead>
          <tbody>
            {page.campaigns.data.map((c) => (
              <tr key={c.id} className="hover:bg-muted/50" data-testid="campaign-row">
                <Td>
                  <Link to={`/campaigns/${c.id}`} className="font-medium underline-offset-2 hover:underline">
                    {c.name}
                  </Link>
                </Td>
                <Td>
                  <CampaignStatusBadge status={c.status} />
                </Td>
                <Td>{c.crusade ? <Link to={`/crusades/${c.crusade.id}`} className="underline-offset-2 hover:underline">{c.crusade.name}</Link> : '—'}</Td>
                <Td className="text-right tabular-nums">{n(c.counts.audience)}</Td>
                <Td className="text-right tabular-nums">{n(c.counts.queued)}</Td>
                <Td className="text-right tabular-nums">{n(c.counts.sent)}</Td>
                <Td className="text-right tabular-nums">{n(c.counts.delivered)}</Td>
                <Td className="text-right tabular-nums">{n(c.counts.replies)}</Td>
                <Td className="text-right tabular-nums">{n(c.counts.blocked)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <Pager newerHref={page.isFirst ? null : '/campaigns'} olderHref={page.campaigns.nextCursor ? `?after=${encodeURIComponent(page.campaigns.nextCursor)}` : null} />
      {page.isFirst ? (
        <section className="mt-8 space-y-3">
          <h2 className="text-lg font-semibold">Crusades</h2>
          {page.crusades.length === 0 ? (
            <p className="text-sm text-muted-foreground">No crusades yet. A crusade groups campaigns under one schedule and one throttle budget, with their rollup.</p>
          ) : (
            <ul className="divide-y divide-border rounded border border-border">
              {page.crusades.map((c) => (
                <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm" data-testid="crusade-row">
                  <Link to={`/crusades/${c.id}`} className="font-medium underline-offset-2 hover:underline">
                    {c.name}
                  </Link>
                  <span className="text-muted-foreground">
                    {c.campaigns.length} campaigns · {n(c.rollup.sent)} sent · {n(c.rollup.replies)} replies · {c.schedule.throttlePerMinute}/min
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </>
  )
}
