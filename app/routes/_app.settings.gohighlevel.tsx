import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import type { z } from 'zod'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card, EmptyState } from '~/components/ui/card'
import { Field, FormMessage, Input } from '~/components/ui/field'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { getGoHighLevelSettings } from '~/modules/integrations/gohighlevel/get-gohighlevel-settings.server'
import { ghlActionSchema, ghlSettingsSchema, GHL_TAGS_MAX } from '~/modules/integrations/gohighlevel/gohighlevel-settings-form'
import { listGoHighLevelPushes } from '~/modules/integrations/gohighlevel/list-gohighlevel-pushes.server'
import { saveGoHighLevelSettings } from '~/modules/integrations/gohighlevel/save-gohighlevel-settings.server'
import { testGoHighLevelConnection } from '~/modules/integrations/gohighlevel/test-gohighlevel-connection.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'GoHighLevel · Settings · esd.quest' }]

// Admins only: connecting a CRM is an organization setting.
const PERMISSION = 'manage:settings:any'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const organizationId = user.organization.id
  const [settings, pushes] = await Promise.all([getGoHighLevelSettings({ organizationId }), listGoHighLevelPushes({ organizationId, limit: 50 })])
  return {
    settings: settings && {
      ...settings,
      lastCheckedAt: settings.lastCheckedAt?.toISOString() ?? null,
      updatedAt: settings.updatedAt.toISOString(),
    },
    pushes: pushes.map((p) => ({ ...p, createdAt: p.createdAt.toISOString(), finishedAt: p.finishedAt?.toISOString() ?? null })),
  }
}

/** `savedAt`: a successful save, so the page can empty the token field (the browser would keep what was typed). */
type ActionResult = { intent: string; result: SubmissionResult<string[]>; message: string | null; ok: boolean; savedAt?: number }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, PERMISSION)
  const actor = actorForUser(user, request, context)
  const organizationId = user.organization.id
  const submission = parseWithZod(await request.formData(), { schema: ghlActionSchema })
  const intent = String(submission.payload.intent ?? '')
  // The token never travels back to the browser, not even into the form it came from.
  const hideFields = ['token']
  if (submission.status !== 'success') {
    return data<ActionResult>({ intent, result: submission.reply({ hideFields }), message: null, ok: false }, 400)
  }
  const value = submission.value
  try {
    if (value.intent === 'test') {
      const outcome = await testGoHighLevelConnection({ organizationId, actor })
      return data<ActionResult>({ intent, result: submission.reply(), message: outcome.message, ok: outcome.ok }, outcome.ok ? 200 : 502)
    }
    const { intent: _intent, ...input } = value
    await saveGoHighLevelSettings({ organizationId, actor, input })
    const message = input.token ? 'Saved. The token is stored encrypted and not shown again; test the connection to check it.' : 'Saved.'
    return data<ActionResult>({ intent, result: submission.reply({ hideFields }), message, ok: true, savedAt: Date.now() })
  } catch (error) {
    if (!isAppError(error) || error.status >= 500) throw error
    const field = typeof error.details?.field === 'string' ? error.details.field : null
    const result = submission.reply({ hideFields, ...(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }) })
    return data<ActionResult>({ intent, result, message: null, ok: false }, error.status)
  }
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>
type Settings = NonNullable<LoaderData['settings']>

const STATUS: Record<Settings['status'], { label: string; tone: 'success' | 'danger' | 'neutral' }> = {
  ok: { label: 'Connected', tone: 'success' },
  failing: { label: 'Failing', tone: 'danger' },
  untested: { label: 'Not tested yet', tone: 'neutral' },
}

function SettingsForm({ settings }: { settings: Settings | null }) {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm<z.input<typeof ghlSettingsSchema>, z.output<typeof ghlSettingsSchema>>({
    id: 'gohighlevel-settings',
    lastResult: actionData?.intent === 'save' ? actionData.result : undefined,
    constraint: getZodConstraint(ghlSettingsSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ghlSettingsSchema }),
    defaultValue: settings
      ? {
          locationId: settings.locationId,
          inboundWebhookUrl: settings.inboundWebhookUrl ?? '',
          tags: settings.tags.join(', '),
          enabled: settings.enabled ? 'on' : undefined,
          pushOnPositiveReply: settings.pushOnPositiveReply ? 'on' : undefined,
        }
      : { enabled: 'on' },
  })
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'save'
  return (
    <Card>
      <h2 id="ghl-settings-heading" className="text-base font-semibold">
        Connection
      </h2>
      <p className="mt-1 text-sm text-muted-foreground">
        In GoHighLevel, create a Private Integration (Settings › Private Integrations) with the scopes <code>contacts.write</code> and{' '}
        <code>contacts.readonly</code>, and copy its token and your sub-account’s Location ID. The token is stored encrypted and never shown again.
      </p>
      <Form method="post" {...getFormProps(form)} aria-labelledby="ghl-settings-heading" className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="save" />
        {form.errors?.length ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}
        <div className="grid max-w-3xl gap-4 md:grid-cols-2">
          <Field
            label="Private Integration token"
            hint={settings ? `Saved token ends in ${settings.tokenHint}. Leave empty to keep it.` : 'Starts with pit-.'}
            errors={fields.token.errors}
          >
            {(ids) => (
              <Input
                {...getInputProps(fields.token, { type: 'password' })}
                {...ids}
                key={actionData?.savedAt ?? 'token'}
                defaultValue=""
                autoComplete="off"
                spellCheck={false}
                className="font-mono"
              />
            )}
          </Field>
          <Field label="Location ID" errors={fields.locationId.errors}>
            {(ids) => <Input {...getInputProps(fields.locationId, { type: 'text' })} {...ids} autoComplete="off" spellCheck={false} className="font-mono" />}
          </Field>
          <Field
            label="Inbound Webhook URL (optional)"
            hint="A GHL workflow’s Inbound Webhook trigger: each pushed lead is also posted there."
            errors={fields.inboundWebhookUrl.errors}
            className="md:col-span-2"
          >
            {(ids) => <Input {...getInputProps(fields.inboundWebhookUrl, { type: 'url' })} {...ids} autoComplete="off" spellCheck={false} />}
          </Field>
          <Field label="Tags to add" hint={`Comma-separated, at most ${GHL_TAGS_MAX}, e.g. “esd.quest, hot lead”.`} errors={fields.tags.errors} className="md:col-span-2">
            {(ids) => <Input {...getInputProps(fields.tags, { type: 'text' })} {...ids} autoComplete="off" />}
          </Field>
        </div>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Pushing</legend>
          <label className="flex items-center gap-2 text-sm">
            <input {...getInputProps(fields.enabled, { type: 'checkbox' })} className="h-4 w-4" />
            Enabled: operators and the API may send leads to GoHighLevel
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input {...getInputProps(fields.pushOnPositiveReply, { type: 'checkbox' })} className="h-4 w-4" />
            Push a lead when it replies with interest (“yes”, “call me”, “how much?”); opt-outs never are
          </label>
        </fieldset>
        {actionData?.intent === 'save' && actionData.ok && actionData.message ? <FormMessage tone="success">{actionData.message}</FormMessage> : null}
        <Button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </Button>
      </Form>
    </Card>
  )
}

function ConnectionStatus({ settings }: { settings: Settings }) {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const testing = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'test'
  const status = STATUS[settings.status]
  return (
    <Card className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold">Status</h2>
        <Badge tone={status.tone} data-testid="ghl-status">
          {status.label}
        </Badge>
        {!settings.enabled ? <Badge tone="warning">Turned off</Badge> : null}
      </div>
      {settings.lastError ? <p className="text-sm text-danger">{settings.lastError}</p> : null}
      {settings.lastCheckedAt ? (
        <p className="text-xs text-muted-foreground">
          Last answer from GoHighLevel <UtcTime value={settings.lastCheckedAt} />
        </p>
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="test" />
        <Button type="submit" variant="secondary" disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </Button>
      </Form>
      {actionData?.intent === 'test' && actionData.message ? <FormMessage tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</FormMessage> : null}
    </Card>
  )
}

const TRIGGERS = { operator: 'Operator', api: 'API', positive_reply: 'Positive reply' } as const

function PushLog({ pushes }: { pushes: LoaderData['pushes'] }) {
  if (pushes.length === 0) {
    return <EmptyState title="No pushes yet">Send a lead from its page (“Send to GoHighLevel”), through the API, or turn on pushing on positive replies.</EmptyState>
  }
  return (
    <Table label="GoHighLevel pushes" className="min-w-[760px]">
      <thead>
        <tr>
          <Th>When (UTC)</Th>
          <Th>Lead</Th>
          <Th>Trigger</Th>
          <Th>Outcome</Th>
          <Th>GHL contact</Th>
          <Th>Webhook</Th>
        </tr>
      </thead>
      <tbody>
        {pushes.map((push) => (
          <tr key={push.id} data-testid="ghl-push-row">
            <Td className="whitespace-nowrap">
              <UtcTime value={push.createdAt} />
            </Td>
            <Td>
              <Link to={`/leads/${push.leadId}`} className="underline underline-offset-2">
                {push.leadName}
              </Link>
            </Td>
            <Td>
              {TRIGGERS[push.trigger]}
              <div className="text-xs text-muted-foreground">{push.requestedBy}</div>
            </Td>
            <Td>
              <Badge tone={push.status === 'succeeded' ? 'success' : push.status === 'failed' ? 'danger' : 'neutral'}>
                {push.status === 'succeeded' ? (push.contactCreated ? 'Created' : 'Updated') : push.status === 'failed' ? 'Failed' : 'Pending'}
              </Badge>
              {push.error ? <div className="mt-1 max-w-72 text-xs text-muted-foreground">{push.error}</div> : null}
              {push.attempts > 1 ? <div className="text-xs text-muted-foreground">{push.attempts} attempts</div> : null}
            </Td>
            <Td className="font-mono text-xs">{push.contactId ?? '—'}</Td>
            <Td className="text-xs">
              {push.webhookStatus !== null ? `HTTP ${push.webhookStatus}` : push.webhookError ? 'Not reached' : '—'}
              {push.webhookError ? <div className="max-w-56 text-muted-foreground">{push.webhookError}</div> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  )
}

export default function GoHighLevelSettingsPage() {
  const { settings, pushes } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-6">
      <div>
        <p className="max-w-3xl text-sm text-muted-foreground">
          Send qualified leads to GoHighLevel as contacts: from a lead’s page or a conversation, through the API, or automatically when a lead replies
          with interest. A lead sent again updates the same contact.
        </p>
      </div>
      {settings ? <ConnectionStatus settings={settings} /> : null}
      <SettingsForm settings={settings} />
      <section aria-labelledby="ghl-pushes-heading" className="space-y-2">
        <h2 id="ghl-pushes-heading" className="text-base font-semibold">
          Recent pushes
        </h2>
        <PushLog pushes={pushes} />
      </section>
    </div>
  )
}
