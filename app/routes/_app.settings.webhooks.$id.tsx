import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { z } from 'zod'
import { AlertDialogConfirm } from '~/components/ui/alert-dialog'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { FormMessage } from '~/components/ui/field'
import { UtcTime } from '~/components/ui/utc-time'
import { DeliveryLog } from '~/components/webhooks/delivery-log'
import { EndpointForm } from '~/components/webhooks/endpoint-form'
import { NewSecretNotice } from '~/components/webhooks/new-secret-notice'
import { getWebhookEndpoint } from '~/modules/webhooks/get-webhook-endpoint.server'
import { listWebhookDeliveries } from '~/modules/webhooks/list-webhook-deliveries.server'
import { replayWebhookDelivery } from '~/modules/webhooks/replay-webhook-delivery.server'
import { rotateWebhookSecret } from '~/modules/webhooks/rotate-webhook-secret.server'
import { deleteWebhookEndpoint, updateWebhookEndpoint } from '~/modules/webhooks/save-webhook-endpoint.server'
import { sendTestWebhook } from '~/modules/webhooks/send-test-webhook.server'
import { webhookEndpointFormSchema } from '~/modules/webhooks/webhook-endpoint-form'
import { decodeCursor } from '~/utils/pagination.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'Webhook endpoint · Settings · esd.quest' }]

const PERMISSION = 'manage:webhook:any'
const PAGE = 20
const idSchema = z.uuid()

function endpointIdOf(params: { id?: string }) {
  const parsed = idSchema.safeParse(params.id)
  if (!parsed.success) throw new Response('No such webhook endpoint.', { status: 404 })
  return parsed.data
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const endpointId = endpointIdOf(params)
  const cursorParam = new URL(request.url).searchParams.get('cursor')
  const cursor = cursorParam && decodeCursor(cursorParam) ? cursorParam : undefined
  try {
    const endpoint = await getWebhookEndpoint({ organizationId: user.organization.id, endpointId })
    const deliveries = await listWebhookDeliveries({ organizationId: user.organization.id, endpointId, page: { limit: PAGE, cursor } })
    return { endpoint, deliveries: deliveries.data, nextCursor: deliveries.nextCursor, paged: Boolean(cursor) }
  } catch (error) {
    if (isAppError(error) && error.status === 404) throw new Response('No such webhook endpoint.', { status: 404 })
    throw error
  }
}

type ActionResult =
  | { intent: 'update'; result: SubmissionResult<string[]> }
  | { intent: 'rotate'; secret: string; at: string }
  | { intent: 'done'; message: string }
  | { intent: 'error'; message: string }

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const endpointId = endpointIdOf(params)
  const organizationId = user.organization.id
  const actor = actorForUser(user, request, context)
  const formData = await request.formData()
  const intent = String(formData.get('intent') ?? '')
  try {
    switch (intent) {
      case 'update': {
        const submission = parseWithZod(formData, { schema: webhookEndpointFormSchema })
        if (submission.status !== 'success') return data<ActionResult>({ intent: 'update', result: submission.reply() }, 400)
        try {
          await updateWebhookEndpoint({ organizationId, actor, endpointId, change: submission.value })
        } catch (error) {
          if (isAppError(error) && error.code === 'invalid_webhook_url') {
            return data<ActionResult>({ intent: 'update', result: submission.reply({ fieldErrors: { url: [String((error.details?.fieldErrors as { url?: string })?.url ?? error.message)] } }) }, 400)
          }
          throw error
        }
        return data<ActionResult>({ intent: 'update', result: submission.reply() })
      }
      case 'enable':
      case 'disable':
        await updateWebhookEndpoint({ organizationId, actor, endpointId, change: { enabled: intent === 'enable' } })
        return data<ActionResult>({ intent: 'done', message: intent === 'enable' ? 'The endpoint is enabled.' : 'The endpoint is disabled.' })
      case 'rotate': {
        const { secret } = await rotateWebhookSecret({ organizationId, actor, endpointId })
        return data<ActionResult>({ intent: 'rotate', secret, at: new Date().toISOString() }, { headers: { 'Cache-Control': 'no-store' } })
      }
      case 'test':
        await sendTestWebhook({ organizationId, actor, endpointId })
        return data<ActionResult>({ intent: 'done', message: 'A test event is on its way: it appears in the delivery log below.' })
      case 'replay': {
        const deliveryId = idSchema.safeParse(formData.get('deliveryId'))
        if (!deliveryId.success) return data<ActionResult>({ intent: 'error', message: 'No such delivery.' }, 404)
        await replayWebhookDelivery({ organizationId, actor, endpointId, deliveryId: deliveryId.data })
        return data<ActionResult>({ intent: 'done', message: 'The delivery is replayed: the new delivery is at the top of the log.' })
      }
      case 'delete':
        await deleteWebhookEndpoint({ organizationId, actor, endpointId })
        return redirect('/settings/webhooks')
      default:
        return data<ActionResult>({ intent: 'error', message: 'Unknown action.' }, 400)
    }
  } catch (error) {
    if (isAppError(error)) return data<ActionResult>({ intent: 'error', message: error.message }, error.status)
    throw error
  }
}

/** Reloads the log every 2 s while a delivery waits for an attempt that is due now. */
function usePendingRefresh(active: boolean) {
  const revalidator = useRevalidator()
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => {
      if (revalidator.state === 'idle' && document.visibilityState === 'visible') revalidator.revalidate()
    }, 2000)
    return () => clearInterval(timer)
  }, [active, revalidator])
}

export default function WebhookEndpointSettings() {
  const { endpoint, deliveries, nextCursor, paged } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = (intent: string) => navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  const [dismissed, setDismissed] = useState<string | null>(null)
  const soon = Date.now() + 60_000
  usePendingRefresh(deliveries.some((d) => d.status === 'pending' && d.nextAttemptAt !== null && Date.parse(d.nextAttemptAt) < soon))
  const rotated = actionData?.intent === 'rotate' ? actionData : null

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link to="/settings/webhooks" className="text-primary underline-offset-2 hover:underline">
          Webhook endpoints
        </Link>
      </nav>

      {rotated && rotated.at !== dismissed ? (
        <NewSecretNotice
          shown={{
            key: rotated.at,
            secret: rotated.secret,
            title: 'Copy the new signing secret now',
            body: 'For the next 24 hours every delivery is signed with both the old and the new secret, so switch your receiver to this one within that time. It is shown only this once.',
          }}
          onDismiss={() => setDismissed(rotated.at)}
        />
      ) : null}
      {actionData?.intent === 'done' ? <FormMessage tone="success">{actionData.message}</FormMessage> : null}
      {actionData?.intent === 'error' ? <FormMessage tone="error">{actionData.message}</FormMessage> : null}

      <section aria-labelledby="endpoint-heading" className="space-y-3">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 id="endpoint-heading" className="break-all text-base font-semibold">
              {endpoint.url}
            </h2>
            <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted-foreground">
              {endpoint.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="danger">Disabled</Badge>}
              {endpoint.description ? <span>{endpoint.description}</span> : null}
              <span>
                Last success: <UtcTime value={endpoint.lastSuccessAt} empty="never" />
              </span>
            </p>
            {!endpoint.enabled && endpoint.disabledReason ? (
              <p className="mt-1 text-sm text-danger">
                {endpoint.disabledReason} (<UtcTime value={endpoint.disabledAt} />)
              </p>
            ) : null}
            {endpoint.previousSecretExpiresAt ? (
              <p className="mt-1 text-sm text-muted-foreground">
                The previous secret also signs until <UtcTime value={endpoint.previousSecretExpiresAt} />.
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-2">
            <Form method="post">
              <input type="hidden" name="intent" value="test" />
              <Button type="submit" disabled={!endpoint.enabled || busy('test')}>
                {busy('test') ? 'Sending…' : 'Send test event'}
              </Button>
            </Form>
            <Form method="post">
              <input type="hidden" name="intent" value={endpoint.enabled ? 'disable' : 'enable'} />
              <Button type="submit" variant="secondary" disabled={busy('enable') || busy('disable')}>
                {endpoint.enabled ? 'Disable' : 'Enable'}
              </Button>
            </Form>
            <AlertDialogConfirm
              trigger={<Button variant="secondary">Rotate secret</Button>}
              title="Rotate the signing secret?"
              description="A new secret is made and shown once. The current one keeps signing beside it for 24 hours, so your receiver can switch without missing a delivery."
              confirmLabel="Rotate secret"
              intent="rotate"
            />
            <AlertDialogConfirm
              trigger={<Button variant="danger">Delete</Button>}
              title="Delete this endpoint?"
              description="Nothing more is sent to it, and its delivery log is deleted with it. This cannot be undone."
              confirmLabel="Delete endpoint"
              intent="delete"
            />
          </div>
        </div>
      </section>

      <section aria-labelledby="deliveries-heading" className="space-y-3">
        <h2 id="deliveries-heading" className="text-base font-semibold">
          Delivery log
        </h2>
        <DeliveryLog deliveries={deliveries} canReplay={endpoint.enabled} />
        <div className="flex gap-3 text-sm">
          {paged ? (
            <Link to="." className="text-primary underline-offset-2 hover:underline">
              Newest
            </Link>
          ) : null}
          {nextCursor ? (
            <Link to={`?cursor=${encodeURIComponent(nextCursor)}`} className="text-primary underline-offset-2 hover:underline">
              Older deliveries
            </Link>
          ) : null}
        </div>
      </section>

      <Card>
        <h2 className="text-base font-semibold">Subscriptions and address</h2>
        <div className="mt-4">
          <EndpointForm
            id={`edit-webhook-endpoint-${endpoint.id}`}
            intent="update"
            lastResult={actionData?.intent === 'update' ? actionData.result : undefined}
            defaultValue={{ url: endpoint.url, description: endpoint.description, eventTypes: endpoint.eventTypes }}
            submitLabel="Save changes"
          />
        </div>
      </Card>
    </div>
  )
}
