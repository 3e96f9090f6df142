import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useFetcher, useLoaderData, useNavigation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { z } from 'zod'
import { AlertDialog, AlertDialogCancel, AlertDialogContent, AlertDialogTrigger } from '~/components/ui/alert-dialog'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card, EmptyState } from '~/components/ui/card'
import { ErrorList, Field, FormMessage, Input } from '~/components/ui/field'
import { Icon } from '~/components/ui/icon'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { apiKeyModeFor } from '~/modules/integrations/api-key-format.server'
import {
  API_KEY_NAME_MAX_LENGTH,
  API_SCOPE_DESCRIPTIONS,
  API_SCOPES,
  DEFAULT_API_RATE_LIMIT_PER_MINUTE,
  MAX_API_RATE_LIMIT_PER_MINUTE,
  type ApiScope,
} from '~/modules/integrations/api-key-scopes'
import { createApiKey } from '~/modules/integrations/create-api-key.server'
import { listApiKeys } from '~/modules/integrations/list-api-keys.server'
import { revokeApiKey } from '~/modules/integrations/revoke-api-key.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'API keys · Settings · esd.quest' }]

/** An expiry date means the key stops working at 00:00 UTC that day. */
const startOfUtcDay = (date: string) => new Date(`${date}T00:00:00.000Z`)

const rateLimitMessage = `Enter a whole number from 1 to ${MAX_API_RATE_LIMIT_PER_MINUTE.toLocaleString('en-US')}`

export const createApiKeySchema = z.object({
  name: z
    .string({ error: 'Enter a name' })
    .trim()
    .min(1, 'Enter a name')
    .max(API_KEY_NAME_MAX_LENGTH, `Use at most ${API_KEY_NAME_MAX_LENGTH} characters`),
  scopes: z.array(z.enum(API_SCOPES), { error: 'Choose at least one scope' }).min(1, 'Choose at least one scope'),
  expiresOn: z.iso
    .date({ error: 'Enter a date' })
    .refine((date) => startOfUtcDay(date).getTime() > Date.now(), {
      error: 'Choose a date after today',
      // Only for a well-formed date; a malformed one already says "Enter a date".
      when: (payload) => payload.issues.length === 0,
    })
    .optional(),
  rateLimitPerMinute: z
    .number({ error: rateLimitMessage })
    .int(rateLimitMessage)
    .min(1, rateLimitMessage)
    .max(MAX_API_RATE_LIMIT_PER_MINUTE, rateLimitMessage)
    .optional(),
})

const revokeApiKeySchema = z.object({ id: z.uuid() })

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:api_key:any')
  const now = new Date()
  const keys = await listApiKeys({ organizationId: user.organization.id, now })
  const tomorrow = new Date(now.getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
  return {
    mode: apiKeyModeFor(user.organization.environment),
    minExpiryDate: tomorrow,
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scopes: key.scopes,
      rateLimitPerMinute: key.rateLimitPerMinute,
      status: key.status,
      createdAt: key.createdAt.toISOString(),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
    })),
  }
}

type CreateResult = {
  intent: 'create'
  result: SubmissionResult<string[]>
  /** The full key, in this one response only. */
  created: { id: string; name: string; prefix: string; key: string } | null
}
type RevokeResult = { intent: 'revoke'; ok: boolean; error: string | null }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:api_key:any')
  const actor = actorForUser(user, request, context)
  const organizationId = user.organization.id
  const formData = await request.formData()

  if (formData.get('intent') === 'revoke') {
    const submission = parseWithZod(formData, { schema: revokeApiKeySchema })
    if (submission.status !== 'success') {
      return data<RevokeResult>({ intent: 'revoke', ok: false, error: 'API key not found.' }, 404)
    }
    try {
      await revokeApiKey({ organizationId, apiKeyId: submission.value.id, actor })
      return data<RevokeResult>({ intent: 'revoke', ok: true, error: null })
    } catch (error) {
      if (isAppError(error)) return data<RevokeResult>({ intent: 'revoke', ok: false, error: error.message }, error.status)
      throw error
    }
  }

  const submission = parseWithZod(formData, { schema: createApiKeySchema })
  if (submission.status !== 'success') {
    return data<CreateResult>({ intent: 'create', result: submission.reply(), created: null }, 400)
  }
  const { name, scopes, expiresOn, rateLimitPerMinute } = submission.value
  try {
    const { key, apiKey } = await createApiKey({
      organizationId,
      actor,
      name,
      scopes,
      expiresAt: expiresOn ? startOfUtcDay(expiresOn) : null,
      rateLimitPerMinute: rateLimitPerMinute ?? null,
    })
    return data<CreateResult>(
      {
        intent: 'create',
        result: submission.reply({ resetForm: true }),
        created: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, key },
      },
      { headers: { 'Cache-Control': 'no-store' } },
    )
  } catch (error) {
    if (isAppError(error)) {
      return data<CreateResult>(
        { intent: 'create', result: submission.reply({ formErrors: [error.message] }), created: null },
        error.status,
      )
    }
    throw error
  }
}

export default function ApiKeysSettings() {
  const { keys, mode, minExpiryDate } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const createResult = actionData?.intent === 'create' ? actionData : null
  const created = createResult?.created ?? null
  const [dismissedId, setDismissedId] = useState<string | null>(null)

  return (
    <div className="space-y-8">
      {created && created.id !== dismissedId ? (
        <NewKeyNotice created={created} onDismiss={() => setDismissedId(created.id)} />
      ) : null}

      <section aria-labelledby="api-keys-heading" className="space-y-3">
        <div>
          <h2 id="api-keys-heading" className="text-base font-semibold">
            API keys
          </h2>
          <p className="text-sm text-muted-foreground">
            Other systems call the esd.quest API (<code className="font-mono text-xs">/api/v1</code>) with a key, sent as{' '}
            <code className="font-mono text-xs">Authorization: Bearer esd_{mode}_…</code>. A key acts for this whole
            organization, within its scopes.
          </p>
        </div>
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet">Create one below to connect another system.</EmptyState>
        ) : (
          <Table className="min-w-[880px]">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Scopes</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>Expires</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id} data-testid="api-key-row">
                  <Td className="font-medium">
                    {key.name}
                    <div className="text-xs font-normal text-muted-foreground">
                      {key.rateLimitPerMinute.toLocaleString('en-US')} requests/min
                    </div>
                  </Td>
                  <Td className="whitespace-nowrap font-mono text-xs">{key.prefix}…</Td>
                  <Td>
                    <ul className="flex max-w-xs flex-wrap gap-1" aria-label="Scopes">
                      {key.scopes.map((scope) => (
                        <li key={scope}>
                          <Badge className="font-mono">{scope}</Badge>
                        </li>
                      ))}
                    </ul>
                  </Td>
                  <Td className="whitespace-nowrap">
                    <UtcTime value={key.createdAt} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <UtcTime value={key.lastUsedAt} empty="Never" />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <UtcTime value={key.expiresAt} empty="Never" />
                  </Td>
                  <Td>
                    <StatusBadge status={key.status} />
                  </Td>
                  <Td className="text-right">{key.status === 'revoked' ? null : <RevokeKey apiKey={key} />}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      <CreateKeyForm lastResult={createResult?.result} mode={mode} minExpiryDate={minExpiryDate} />
    </div>
  )
}

function StatusBadge({ status }: { status: 'active' | 'revoked' | 'expired' }) {
  const tone = status === 'active' ? 'success' : status === 'revoked' ? 'danger' : 'warning'
  return (
    <Badge tone={tone} className="capitalize">
      {status}
    </Badge>
  )
}

function NewKeyNotice({ created, onDismiss }: { created: { id: string; name: string; key: string }; onDismiss: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle')

  // Take keyboard and screen-reader users straight to the key.
  useEffect(() => {
    inputRef.current?.focus()
    inputRef.current?.select()
    setCopyState('idle')
  }, [created.id])

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.key)
      setCopyState('copied')
    } catch {
      inputRef.current?.select()
      setCopyState('failed')
    }
  }

  return (
    <section
      aria-labelledby="new-api-key-heading"
      className="rounded-lg border border-warning/50 bg-warning/10 p-4"
      data-testid="new-api-key"
    >
      <h2 id="new-api-key-heading" className="flex items-center gap-2 font-semibold">
        <Icon name="warning" className="text-warning" />
        Copy the key “{created.name}” now
      </h2>
      <p className="mt-1 text-sm">
        This is the only time the full key is shown. esd.quest keeps only a hash of it, so it cannot be shown again. If
        you lose it, revoke it and create a new one.
      </p>
      <div className="mt-3 flex gap-2">
        <label htmlFor="new-api-key-value" className="sr-only">
          New API key
        </label>
        <Input
          ref={inputRef}
          id="new-api-key-value"
          readOnly
          value={created.key}
          spellCheck={false}
          autoComplete="off"
          className="font-mono text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
        <Button onClick={copy}>
          <Icon name="copy" />
          Copy
        </Button>
      </div>
      <p aria-live="polite" className="mt-1 min-h-4 text-xs text-muted-foreground">
        {copyState === 'copied'
          ? 'Copied to the clipboard.'
          : copyState === 'failed'
            ? 'Could not copy automatically. The key is selected: press Ctrl+C (⌘C on a Mac).'
            : ''}
      </p>
      <Button variant="secondary" size="sm" className="mt-2" onClick={onDismiss}>
        I have stored the key
      </Button>
    </section>
  )
}

function CreateKeyForm({
  lastResult,
  mode,
  minExpiryDate,
}: {
  lastResult: SubmissionResult<string[]> | undefined
  mode: 'live' | 'test'
  minExpiryDate: string
}) {
  const navigation = useNavigation()
  const submitting = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'create'
  const [form, fields] = useForm({
    id: 'create-api-key',
    lastResult,
    constraint: getZodConstraint(createApiKeySchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createApiKeySchema }),
  })
  const scopeErrors = fields.scopes.errors ?? (fields.scopes.allErrors ? Object.values(fields.scopes.allErrors).flat() : undefined)

  return (
    <Card>
      <h2 className="text-base font-semibold">Create an API key</h2>
      <p className="mt-1 text-sm text-muted-foreground">
        Keys of this organization start with <code className="font-mono text-xs">esd_{mode}_</code>
        {mode === 'test' ? ' (a sandbox or test organization).' : ' (a production organization).'}
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <input type="hidden" name="intent" value="create" />
        {form.errors?.length ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}

        <Field label="Name" hint="What the key is for, e.g. “CRM sync”." errors={fields.name.errors} className="max-w-md">
          {(ids) => (
            <Input {...getInputProps(fields.name, { type: 'text' })} {...ids} autoComplete="off" maxLength={API_KEY_NAME_MAX_LENGTH} />
          )}
        </Field>

        <fieldset aria-describedby={scopeErrors?.length ? fields.scopes.errorId : undefined}>
          <legend className="text-sm font-medium">Scopes</legend>
          <p className="text-xs text-muted-foreground">Grant only what the integration needs.</p>
          <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {getCollectionProps(fields.scopes, { type: 'checkbox', options: [...API_SCOPES] }).map(({ key, ...props }) => (
              <label
                key={key}
                className="flex cursor-pointer items-start gap-2 rounded border border-border p-2 hover:bg-muted focus-within:ring-2 focus-within:ring-ring"
              >
                <input {...props} className="mt-0.5 size-4 shrink-0 accent-primary" />
                <span>
                  <span className="block font-mono text-xs">{props.value}</span>
                  <span className="block text-xs text-muted-foreground">{API_SCOPE_DESCRIPTIONS[props.value as ApiScope]}</span>
                </span>
              </label>
            ))}
          </div>
          <ErrorList id={fields.scopes.errorId} errors={scopeErrors} />
        </fieldset>

        <div className="grid gap-4 sm:grid-cols-2 max-w-2xl">
          <Field
            label="Expires on (optional)"
            hint="The key stops working at 00:00 UTC on this date. Empty: it never expires."
            errors={fields.expiresOn.errors}
          >
            {(ids) => <Input {...getInputProps(fields.expiresOn, { type: 'date' })} {...ids} min={minExpiryDate} />}
          </Field>
          <Field
            label="Rate limit (optional)"
            hint={`Requests per minute, 1 to ${MAX_API_RATE_LIMIT_PER_MINUTE.toLocaleString('en-US')}. Empty: ${DEFAULT_API_RATE_LIMIT_PER_MINUTE}.`}
            errors={fields.rateLimitPerMinute.errors}
          >
            {(ids) => (
              <Input
                {...getInputProps(fields.rateLimitPerMinute, { type: 'number' })}
                {...ids}
                inputMode="numeric"
                step={1}
                placeholder={String(DEFAULT_API_RATE_LIMIT_PER_MINUTE)}
              />
            )}
          </Field>
        </div>

        <Button type="submit" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create key'}
        </Button>
      </Form>
    </Card>
  )
}

function RevokeKey({ apiKey }: { apiKey: { id: string; name: string; prefix: string } }) {
  const fetcher = useFetcher<typeof action>()
  const [open, setOpen] = useState(false)
  const busy = fetcher.state !== 'idle'
  const outcome = fetcher.data?.intent === 'revoke' ? fetcher.data : null

  useEffect(() => {
    if (fetcher.state === 'idle' && outcome?.ok) setOpen(false)
  }, [fetcher.state, outcome])

  return (
    <AlertDialog open={open} onOpenChange={(next) => (busy ? undefined : setOpen(next))}>
      <AlertDialogTrigger asChild>
        <Button variant="secondary" size="sm" aria-label={`Revoke ${apiKey.name}`}>
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent
        title={`Revoke “${apiKey.name}”?`}
        description={
          <>
            Every request with <code className="font-mono text-xs">{apiKey.prefix}…</code> will be refused at once. This
            cannot be undone.
          </>
        }
      >
        {outcome && !outcome.ok && outcome.error ? (
          <div className="mb-3">
            <FormMessage tone="error">{outcome.error}</FormMessage>
          </div>
        ) : null}
        <fetcher.Form method="post" className="flex justify-end gap-2">
          <input type="hidden" name="intent" value="revoke" />
          <input type="hidden" name="id" value={apiKey.id} />
          <AlertDialogCancel asChild>
            <Button variant="secondary" disabled={busy}>
              Cancel
            </Button>
          </AlertDialogCancel>
          <Button type="submit" variant="danger" disabled={busy}>
            {busy ? 'Revoking…' : 'Revoke key'}
          </Button>
        </fetcher.Form>
      </AlertDialogContent>
    </AlertDialog>
  )
}
