import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { ErrorList, Field, FormMessage, Input } from '~/components/ui/field'
import { createApiKeySchema } from '~/modules/integrations/api-key-form'
import {
  API_KEY_NAME_MAX_LENGTH,
  API_SCOPE_DESCRIPTIONS,
  API_SCOPES,
  DEFAULT_API_RATE_LIMIT_PER_MINUTE,
  MAX_API_RATE_LIMIT_PER_MINUTE,
  type ApiScope,
} from '~/modules/integrations/api-key-scopes'

/** Name, scopes, optional expiry and rate limit; checked as you type, and again by the server. */
export function CreateKeyForm({
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
