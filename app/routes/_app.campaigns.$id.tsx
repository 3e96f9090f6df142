import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { CampaignCountsGrid } from '~/components/campaigns/campaign-counts-grid'
import { CampaignStatusBadge } from '~/components/campaigns/campaign-status'
import { LiveRefresh } from '~/components/realtime/live-refresh'
import { Button } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/card'
import { FormMessage, Input } from '~/components/ui/field'
import { UtcTime } from '~/components/ui/utc-time'
import { cancelCampaign } from '~/modules/campaigns/cancel-campaign.server'
import { getCampaign } from '~/modules/campaigns/campaign-view.server'
import { dryRunCampaign } from '~/modules/campaigns/dry-run-campaign.server'
import { launchCampaign } from '~/modules/campaigns/launch-campaign.server'
import { pauseCampaign } from '~/modules/campaigns/pause-campaign.server'
import { previewCampaign } from '~/modules/campaigns/preview-campaign.server'
import { resumeCampaign } from '~/modules/campaigns/resume-campaign.server'
import { deleteCampaign } from '~/modules/campaigns/save-campaign.server'
import { campaignRoomId } from '~/modules/realtime/rooms'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'
import type { loader as appLoader } from './_app'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.name ?? 'Campaign'} · esd.quest` }]

function notFound(): never {
  throw new Response('No such campaign', { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:campaign:any')
  const id = z.uuid().safeParse(params.id)
  if (!id.success) notFound()
  try {
    const campaign = await getCampaign({ organizationId: user.organization.id, campaignId: id.data })
    const previews = campaign.status === 'draft' ? await previewCampaign({ organizationId: user.organization.id, campaignId: id.data }) : []
    return {
      campaign,
      previews,
      roomId: campaignRoomId(user.organization.id, id.data),
      canWrite: userHasPermission(user, 'write:campaign:any'),
      canSeeSends: userHasPermission(user, 'send:message:any'),
    }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

const intent = z.enum(['dry-run', 'launch', 'pause', 'resume', 'cancel', 'delete'])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  const id = z.uuid().safeParse(params.id)
  if (!id.success) notFound()
  const form = await request.formData()
  const what = intent.safeParse(form.get('intent'))
  if (!what.success) return data({ error: 'Unknown action.', dryRun: null }, 400)
  const options = { organizationId: user.organization.id, actor: actorForUser(user, request, context), campaignId: id.data }
  try {
    switch (what.data) {
      case 'dry-run':
        return { error: null, dryRun: await dryRunCampaign(options) }
      case 'launch':
        await launchCampaign(options)
        break
      case 'pause':
        await pauseCampaign({ ...options, reason: String(form.get('reason') ?? '') })
        break
      case 'resume':
        await resumeCampaign(options)
        break
      case 'cancel':
        await cancelCampaign(options)
        break
      case 'delete':
        await deleteCampaign(options)
        return redirect('/campaigns')
    }
    return { error: null, dryRun: null }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    if (isAppError(error) && (error.status === 409 || error.status === 422)) return data({ error: error.message, dryRun: null }, error.status)
    throw error
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

function ActionButton({ name, label, variant = 'secondary', busy }: { name: string; label: string; variant?: 'primary' | 'secondary' | 'danger'; busy: string | null }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={name} />
      <Button type="submit" variant={variant} disabled={busy !== null}>
        {busy === name ? `${label}…` : label}
      </Button>
    </Form>
  )
}

export default function CampaignPage() {
  const { campaign, previews, roomId, canWrite, canSeeSends } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const app = useRouteLoaderData<typeof appLoader>('routes/_app')
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' ? String(navigation.formData?.get('intent') ?? '') : null
  const live = ['scheduled', 'running', 'paused'].includes(campaign.status)
  const s = campaign.schedule
  const dryRun = answer?.dryRun ?? null
  return (
    <>
      <PageHeader
        title={campaign.name}
        description={`${campaign.purpose === 'marketing' ? 'Marketing' : 'Informational'} campaign${campaign.crusade ? ` in the crusade ${campaign.crusade.name}` : ''}, by ${campaign.createdBy}`}
        actions={<Link to="/campaigns" className="text-sm underline underline-offset-2">All campaigns</Link>}
      />
      <LiveRefresh roomId={roomId} baseUrl={app?.realtime?.baseUrl ?? null} active poll={live} eventType="campaign.changed" pollMs={15_000} followStorage />
      <div className="space-y-4">
        <Card className="space-y-3">
          <div className="flex flex-wrap items-center gap-3">
            <CampaignStatusBadge status={campaign.status} />
            {campaign.pausedReason ? (
              <span className="text-sm text-warning" data-testid="paused-reason">
                {campaign.pausedReason}
              </span>
            ) : null}
            {campaign.launchedAt ? (
              <span className="text-xs text-muted-foreground">
                Launched <UtcTime value={campaign.launchedAt} />
                {campaign.counts.audience > campaign.queuedThrough ? ` · queueing ${campaign.queuedThrough.toLocaleString('en-US')} of ${campaign.counts.audience.toLocaleString('en-US')}` : ''}
              </span>
            ) : null}
          </div>
          {answer?.error ? <FormMessage tone="error">{answer.error}</FormMessage> : null}
          {canWrite ? (
            <div className="flex flex-wrap gap-2" data-testid="campaign-actions">
              {campaign.status === 'draft' ? (
                <>
                  <ActionButton name="dry-run" label="Dry run" busy={busy} />
                  <Button asChild variant="secondary">
                    <Link to={`/campaigns/${campaign.id}/edit`}>Edit</Link>
                  </Button>
                  <ActionButton name="launch" label="Launch" variant="primary" busy={busy} />
                  <ActionButton name="delete" label="Delete draft" variant="danger" busy={busy} />
                </>
              ) : null}
              {campaign.status === 'running' || campaign.status === 'scheduled' ? (
                <Form method="post" className="flex flex-wrap items-center gap-2">
                  <input type="hidden" name="intent" value="pause" />
                  <label className="sr-only" htmlFor="pause-reason">
                    Why pause (optional)
                  </label>
                  <Input id="pause-reason" name="reason" placeholder="Why (optional)" className="w-48" maxLength={200} />
                  <Button type="submit" disabled={busy !== null}>
                    {busy === 'pause' ? 'Pausing…' : 'Pause'}
                  </Button>
                </Form>
              ) : null}
              {campaign.status === 'paused' ? <ActionButton name="resume" label="Resume" variant="primary" busy={busy} /> : null}
              {live ? <ActionButton name="cancel" label="Cancel campaign" variant="danger" busy={busy} /> : null}
            </div>
          ) : null}
          <CampaignCountsGrid counts={campaign.counts} />
          {campaign.batchId && canSeeSends ? (
            <Link to={`/sends/${campaign.batchId}`} className="text-sm underline underline-offset-2">
              Every recipient and their replies
            </Link>
          ) : null}
        </Card>

        {dryRun ? (
          <Card className="space-y-2" data-testid="campaign-dry-run">
            <h2 className="font-semibold">Dry run</h2>
            <p className="text-sm">
              Of <strong data-testid="dry-run-audience">{dryRun.audience.toLocaleString('en-US')}</strong> leads now, <strong data-testid="dry-run-allowed">{dryRun.allowed.toLocaleString('en-US')}</strong> would be
              sent{' '}
              (<a className="underline underline-offset-2" href={`/campaigns/${campaign.id}/dry-run.csv?reason=allowed`} download>
                list
              </a>
              )
              {dryRun.registryCheckAtLaunch ? (
                <>
                  , and <strong data-testid="dry-run-registry">{dryRun.registryCheckAtLaunch.toLocaleString('en-US')}</strong> more if the national do-not-call registry clears them at launch
                </>
              ) : null}
              . Nothing was sent or changed.
            </p>
            {dryRun.quietHoursAtSchedule ? (
              <p className="text-sm" data-testid="dry-run-quiet-at-schedule">
                At its first window (<UtcTime value={dryRun.quietHoursAtSchedule.at} />), quiet hours would hold {dryRun.quietHoursAtSchedule.count.toLocaleString('en-US')} of them; they go when their own hours open.
              </p>
            ) : null}
            <table className="w-full text-sm" data-testid="dry-run-blocked">
              <caption className="text-left text-xs font-medium text-muted-foreground">Blocked, by reason</caption>
              <tbody>
                {dryRun.blocked.map((b) => (
                  <tr key={b.reason} data-reason={b.reason}>
                    <td className="py-0.5 pr-3 font-mono text-xs">{b.reason}</td>
                    <td className="py-0.5 pr-3 text-right tabular-nums">{b.count.toLocaleString('en-US')}</td>
                    <td className="py-0.5 pr-3 text-muted-foreground">{b.message}</td>
                    <td className="py-0.5">
                      <a className="underline underline-offset-2" href={`/campaigns/${campaign.id}/dry-run.csv?reason=${b.reason}`} download>
                        Download
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="text-xs text-muted-foreground">Today the organization’s numbers can send {dryRun.senderCapacityToday.toLocaleString('en-US')} more.</p>
          </Card>
        ) : null}

        {previews.length ? (
          <Card className="space-y-2" data-testid="campaign-previews">
            <h2 className="font-semibold">Preview for real leads</h2>
            <ul className="space-y-2">
              {previews.map((p) => (
                <li key={`${p.template.id}-${p.variant}`} className="rounded border border-border p-2 text-sm" data-testid="campaign-preview">
                  <p className="text-xs text-muted-foreground">
                    {p.template.name} · variant {p.variant + 1} of {p.variants.toLocaleString('en-US')} · {p.lead ? `for ${p.lead.name}` : 'no lead matches yet'} · {p.segments} segment{p.segments === 1 ? '' : 's'} ({p.encoding})
                  </p>
                  <p className="whitespace-pre-wrap">{p.text}</p>
                  {p.missing.length ? <p className="text-xs text-danger">No value for {p.missing.join(', ')}: this lead would be blocked.</p> : null}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}

        <Card className="grid gap-2 text-sm sm:grid-cols-2">
          <p>
            <span className="text-muted-foreground">Audience: </span>
            {campaign.savedFilter ? campaign.savedFilter.name : '—'}
          </p>
          <p>
            <span className="text-muted-foreground">Templates: </span>
            {campaign.templates.map((t, i) => (
              <span key={t.id}>
                {i ? ', ' : ''}
                <Link to={`/templates/${t.id}`} className="underline underline-offset-2">
                  {t.name}
                </Link>
              </span>
            ))}
          </p>
          <p>
            <span className="text-muted-foreground">Schedule: </span>
            {s.days.map((d) => DAYS[d]).join(' ')} {s.windowStart}–{s.windowEnd} {s.timeZone}
            {campaign.crusade ? ' (its crusade’s)' : ''}
          </p>
          <p>
            <span className="text-muted-foreground">Throttle: </span>
            {s.throttlePerMinute.toLocaleString('en-US')} a minute{s.jitterSeconds ? `, up to ${s.jitterSeconds} s jitter` : ''}
          </p>
          <p>
            <span className="text-muted-foreground">Starts: </span>
            {s.startsAt ? <UtcTime value={s.startsAt} /> : 'at launch'} · <span className="text-muted-foreground">ends: </span>
            {s.endsAt ? <UtcTime value={s.endsAt} /> : 'when all are sent'}
          </p>
          <p>
            <span className="text-muted-foreground">Pauses itself at: </span>
            {campaign.pauseFilteredPercent}% filtered or {campaign.pauseFailedPercent}% failed
          </p>
        </Card>
      </div>
    </>
  )
}
