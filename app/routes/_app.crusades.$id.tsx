import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CampaignCountsGrid } from '~/components/campaigns/campaign-counts-grid'
import { CampaignStatusBadge } from '~/components/campaigns/campaign-status'
import { LiveRefresh } from '~/components/realtime/live-refresh'
import { Button } from '~/components/ui/button'
import { Card, EmptyState, PageHeader } from '~/components/ui/card'
import { Table, Td, Th } from '~/components/ui/table'
import { getCrusade } from '~/modules/campaigns/crusades.server'
import { pipelineRoomId } from '~/modules/realtime/rooms'
import { isAppError } from '~/utils/app-error'
import { requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'
import type { loader as appLoader } from './_app'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.crusade.name ?? 'Crusade'} · esd.quest` }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:campaign:any')
  const id = z.uuid().safeParse(params.id)
  if (!id.success) throw new Response('No such crusade', { status: 404 })
  try {
    const crusade = await getCrusade({ organizationId: user.organization.id, crusadeId: id.data })
    return { crusade, roomId: pipelineRoomId(user.organization.id), canWrite: userHasPermission(user, 'write:campaign:any') }
  } catch (error) {
    if (isAppError(error) && error.status === 404) throw new Response('No such crusade', { status: 404 })
    throw error
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

export default function CrusadePage() {
  const { crusade, roomId, canWrite } = useLoaderData<typeof loader>()
  const app = useRouteLoaderData<typeof appLoader>('routes/_app')
  const s = crusade.schedule
  const live = crusade.campaigns.some((c) => ['scheduled', 'running', 'paused'].includes(c.status))
  return (
    <>
      <PageHeader
        title={crusade.name}
        description={`${s.days.map((d) => DAYS[d]).join(' ')} ${s.windowStart}–${s.windowEnd} ${s.timeZone} · ${s.throttlePerMinute.toLocaleString('en-US')} messages a minute across its campaigns`}
        actions={
          canWrite ? (
            <Button asChild>
              <Link to={`/campaigns/new?crusade=${crusade.id}`}>Add a campaign</Link>
            </Button>
          ) : null
        }
      />
      <LiveRefresh roomId={roomId} baseUrl={app?.realtime?.baseUrl ?? null} active poll={live} eventType="campaign.changed" pollMs={15_000} followStorage />
      <div className="space-y-4">
        <Card className="space-y-2" data-testid="crusade-rollup">
          <h2 className="font-semibold">Rollup</h2>
          <CampaignCountsGrid counts={crusade.rollup} testId="rollup-counts" />
        </Card>
        {crusade.campaigns.length === 0 ? (
          <EmptyState title="No campaigns in this crusade yet">Add a campaign: it takes the crusade’s schedule and shares its throttle.</EmptyState>
        ) : (
          <Table label="Campaigns in the crusade" className="min-w-[640px]">
            <thead>
              <tr>
                <Th>Campaign</Th>
                <Th>Status</Th>
                <Th className="text-right">Audience</Th>
                <Th className="text-right">Sent</Th>
                <Th className="text-right">Delivered</Th>
                <Th className="text-right">Replies</Th>
                <Th className="text-right">Opt-outs</Th>
                <Th className="text-right">Blocked</Th>
              </tr>
            </thead>
            <tbody>
              {crusade.campaigns.map((c) => (
                <tr key={c.id} data-testid="crusade-campaign">
                  <Td>
                    <Link to={`/campaigns/${c.id}`} className="font-medium underline-offset-2 hover:underline">
                      {c.name}
                    </Link>
                  </Td>
                  <Td>
                    <CampaignStatusBadge status={c.status} />
                  </Td>
                  {(['audience', 'sent', 'delivered', 'replies', 'optOuts', 'blocked'] as const).map((key) => (
                    <Td key={key} className="text-right tabular-nums">
                      {c.counts[key].toLocaleString('en-US')}
                    </Td>
                  ))}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>
    </>
  )
}
