import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { Badge } from '~/components/ui/badge'
import { Card, EmptyState } from '~/components/ui/card'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { EndpointForm } from '~/components/webhooks/endpoint-form'
import { NewSecretNotice } from '~/components/webhooks/new-secret-notice'
import { listWebhookEndpoints } from '~/modules/webhooks/list-webhook-endpoints.server'
import { createWebhookEndpoint } from '~/modules/webhooks/save-webhook-endpoint.server'
import { webhookEndpointFormSchema } from '~/modules/webhooks/webhook-endpoint-form'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'Webhooks · Settings · esd.quest' }]

const PERMISSION = 'manage:webhook:any'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const page = await listWebhookEndpoints({ organizationId: user.organization.id, page: { limit: 200 } })
  return { endpoints: page.data, sandbox: user.organization.environment !== 'prod' }
}

type CreateResult = { result: SubmissionResult<string[]>; created: { id: string; url: string; secret: string } | null }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: webhookEndpointFormSchema })
  if (submission.status !== 'success') return data<CreateResult>({ result: submission.reply(), created: null }, 400)
  try {
    const { endpoint, secret } = await createWebhookEndpoint({ organizationId: user.organization.id, actor: actorForUser(user, request, context), input: submission.value })
    return data<CreateResult>({ result: submission.reply({ resetForm: true }), created: { id: endpoint.id, url: endpoint.url, secret } }, { headers: { 'Cache-Control': 'no-store' } })
  } catch (error) {
    if (isAppError(error)) {
      const fieldErrors = (error.details?.fieldErrors ?? null) as Record<string, string> | null
      return data<CreateResult>(
        { result: submission.reply(fieldErrors ? { fieldErrors: Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [k, [v]])) } : { formErrors: [error.message] }), created: null },
        error.status,
      )
    }
    throw error
  }
}

export default function WebhooksSettings() {
  const { endpoints, sandbox } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const created = actionData?.created ?? null
  const [dismissed, setDismissed] = useState<string | null>(null)

  return (
    <div className="space-y-8">
      {created && created.id !== dismissed ? (
        <div className="space-y-2">
          <NewSecretNotice
            shown={{
              key: created.id,
              secret: created.secret,
              title: 'Copy the endpoint’s signing secret now',
              body: 'Your receiver verifies every delivery with it (any Standard Webhooks library). It is shown only this once; rotate it if it is lost.',
            }}
            onDismiss={() => setDismissed(created.id)}
          />
          <p className="text-sm">
            <Link to={`/settings/webhooks/${created.id}`} className="font-medium text-primary underline-offset-2 hover:underline">
              Open the endpoint
            </Link>{' '}
            to send it a test event and watch its delivery log.
          </p>
        </div>
      ) : null}

      <section aria-labelledby="webhooks-heading" className="space-y-3">
        <div>
          <h2 id="webhooks-heading" className="text-base font-semibold">
            Webhook endpoints
          </h2>
          <p className="text-sm text-muted-foreground">
            esd.quest POSTs this organization’s events (deliveries, replies, opt-outs, …) to these URLs, signed per the Standard Webhooks specification.
            A failed delivery is retried for about a day; an endpoint that keeps failing is disabled and the admins are emailed.
          </p>
        </div>
        {endpoints.length === 0 ? (
          <EmptyState title="No webhook endpoints yet">Add one below to receive events in another system.</EmptyState>
        ) : (
          <Table label="Webhook endpoints" className="min-w-[720px]">
            <thead>
              <tr>
                <Th>Endpoint</Th>
                <Th>Event types</Th>
                <Th>Last success</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((endpoint) => (
                <tr key={endpoint.id} data-testid="webhook-endpoint-row">
                  <Td className="max-w-xs">
                    <Link to={`/settings/webhooks/${endpoint.id}`} className="break-all font-medium text-primary underline-offset-2 hover:underline">
                      {endpoint.url}
                    </Link>
                    {endpoint.description ? <div className="text-xs text-muted-foreground">{endpoint.description}</div> : null}
                  </Td>
                  <Td>
                    <ul className="flex max-w-sm flex-wrap gap-1" aria-label="Event types">
                      {endpoint.eventTypes.map((type) => (
                        <li key={type}>
                          <Badge className="font-mono">{type}</Badge>
                        </li>
                      ))}
                    </ul>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <UtcTime value={endpoint.lastSuccessAt} empty="Never" />
                  </Td>
                  <Td>{endpoint.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="danger">Disabled</Badge>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <Card>
        <h2 className="text-base font-semibold">Add an endpoint</h2>
        <p className="mt-1 text-sm text-muted-foreground">
          {sandbox
            ? 'A sandbox organization may use http and local addresses (for a receiver on your machine); production ones need public https.'
            : 'The URL must be public https.'}
        </p>
        <div className="mt-4">
          <EndpointForm id="create-webhook-endpoint" intent="create" lastResult={actionData?.result} submitLabel="Add endpoint" />
        </div>
      </Card>
    </div>
  )
}
