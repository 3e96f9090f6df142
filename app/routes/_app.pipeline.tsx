import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { CampaignStatusBadge } from '~/components/campaigns/campaign-status'
import { LiveRefresh } from '~/components/realtime/live-refresh'
import { Card, PageHeader } from '~/components/ui/card'
import { pipelineOverview } from '~/modules/campaigns/pipeline-overview.server'
import { pipelineRoomId } from '~/modules/realtime/rooms'
import { requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'
import type { loader as appLoader } from './_app'

export const meta: MetaFunction = () => [{ title: 'Pipeline · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:campaign:any')
  const overview = await pipelineOverview({ organizationId: user.organization.id, showNumbers: userHasPermission(user, 'read:phone:any') })
  return { overview, roomId: pipelineRoomId(user.organization.id) }
}

const n = (value: number | null) => (value === null ? '—' : value.toLocaleString('en-US'))

function Column({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <Card className="min-w-0 space-y-2" data-testid={testId}>
      <h2 className="font-semibold">{title}</h2>
      {children}
    </Card>
  )
}

export default function Pipeline() {
  const { overview, roomId } = useLoaderData<typeof loader>()
  const app = useRouteLoaderData<typeof appLoader>('routes/_app')
  const live = overview.campaigns.some((c) => c.status === 'running' || c.status === 'scheduled') || overview.files.some((f) => f.status === 'running' || f.status === 'queued')
  return (
    <>
      <PageHeader title="Pipeline" description="Files → campaigns → numbers → crusades, updating as the jobs advance." />
      <LiveRefresh roomId={roomId} baseUrl={app?.realtime?.baseUrl ?? null} active poll={live} eventType="campaign.changed" pollMs={10_000} followStorage />
      <div className="grid gap-4 lg:grid-cols-4">
        <Column title="Files" testId="pipeline-files">
          {overview.files.length === 0 ? <p className="text-sm text-muted-foreground">No imports yet.</p> : null}
          <ul className="space-y-1 text-sm">
            {overview.files.map((f) => (
              <li key={f.id} className="flex justify-between gap-2">
                <Link to={`/imports/${f.id}`} className="truncate underline-offset-2 hover:underline">
                  {f.filename}
                </Link>
                <span className="shrink-0 text-xs text-muted-foreground">
                  {f.status} · {n(f.rows)} rows
                </span>
              </li>
            ))}
          </ul>
        </Column>
        <Column title="Campaigns" testId="pipeline-campaigns">
          <p className="text-xs text-muted-foreground">
            {Object.entries(overview.campaignsByStatus)
              .map(([status, count]) => `${count} ${status}`)
              .join(' · ') || 'None yet.'}
          </p>
          <ul className="space-y-2 text-sm">
            {overview.campaigns.map((c) => (
              <li key={c.id} data-testid="pipeline-campaign" data-campaign-id={c.id}>
                <div className="flex items-center justify-between gap-2">
                  <Link to={`/campaigns/${c.id}`} className="truncate font-medium underline-offset-2 hover:underline">
                    {c.name}
                  </Link>
                  <CampaignStatusBadge status={c.status} />
                </div>
                <p className="text-xs tabular-nums text-muted-foreground">
                  <span data-testid="pipeline-queued">{n(c.counts.queued)}</span> queued · <span data-testid="pipeline-sent">{n(c.counts.sent)}</span> sent ·{' '}
                  <span data-testid="pipeline-delivered">{n(c.counts.delivered)}</span> delivered · {n(c.counts.replies)} replies · {n(c.counts.blocked)} blocked
                </p>
              </li>
            ))}
          </ul>
        </Column>
        <Column title="Numbers" testId="pipeline-numbers">
          <ul className="space-y-1 text-sm">
            {overview.numbers.map((num) => (
              <li key={num.id} className="flex justify-between gap-2">
                <span className="font-mono text-xs">{num.e164}</span>
                <span className="text-xs tabular-nums text-muted-foreground">
                  {num.status === 'active' ? '' : `${num.status} · `}
                  {n(num.waiting)} waiting · {n(num.sentToday)} sent today{num.failedToday ? ` · ${n(num.failedToday)} failed` : ''}
                </span>
              </li>
            ))}
          </ul>
        </Column>
        <Column title="Crusades" testId="pipeline-crusades">
          {overview.crusades.length === 0 ? <p className="text-sm text-muted-foreground">No crusades yet.</p> : null}
          <ul className="space-y-2 text-sm">
            {overview.crusades.map((c) => (
              <li key={c.id}>
                <Link to={`/crusades/${c.id}`} className="font-medium underline-offset-2 hover:underline">
                  {c.name}
                </Link>
                <p className="text-xs tabular-nums text-muted-foreground">
                  {c.campaigns.length} campaigns · {n(c.rollup.sent)} sent · {n(c.rollup.delivered)} delivered · {n(c.rollup.replies)} replies · {n(c.rollup.optOuts)} opt-outs
                </p>
              </li>
            ))}
          </ul>
        </Column>
      </div>
    </>
  )
}
