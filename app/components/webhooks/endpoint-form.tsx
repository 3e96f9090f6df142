import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { ErrorList, Field, FormMessage, Input } from '~/components/ui/field'
import { webhookEndpointFormSchema } from '~/modules/webhooks/webhook-endpoint-form'
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '~/modules/webhooks/webhook-event-types'

/** URL, description and event types: checked as you type, and again by the server. Creates, or edits `defaultValue`. */
export function EndpointForm({
  id,
  intent,
  lastResult,
  defaultValue,
  submitLabel,
}: {
  id: string
  intent: string
  lastResult: SubmissionResult<string[]> | undefined
  defaultValue?: { url: string; description: string; eventTypes: string[] }
  submitLabel: string
}) {
  const navigation = useNavigation()
  const submitting = navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue,
    constraint: getZodConstraint(webhookEndpointFormSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: webhookEndpointFormSchema }),
  })
  const typeErrors = fields.eventTypes.errors ?? (fields.eventTypes.allErrors ? Object.values(fields.eventTypes.allErrors).flat() : undefined)

  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <input type="hidden" name="intent" value={intent} />
      {form.errors?.length ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}
      <Field label="Endpoint URL" hint="Events are POSTed here as signed JSON." errors={fields.url.errors} className="max-w-xl">
        {(ids) => <Input {...getInputProps(fields.url, { type: 'url' })} {...ids} autoComplete="off" placeholder="https://crm.example.com/hooks/esd" />}
      </Field>
      <Field label="Description (optional)" hint="What receives it, e.g. “CRM sync”." errors={fields.description.errors} className="max-w-xl">
        {(ids) => <Input {...getInputProps(fields.description, { type: 'text' })} {...ids} autoComplete="off" />}
      </Field>
      <fieldset aria-describedby={typeErrors?.length ? fields.eventTypes.errorId : undefined}>
        <legend className="text-sm font-medium">Event types</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {getCollectionProps(fields.eventTypes, { type: 'checkbox', options: [...WEBHOOK_EVENT_TYPES] }).map(({ key, ...props }) => (
            <label
              key={key}
              className="flex cursor-pointer items-start gap-2 rounded border border-border p-2 hover:bg-muted focus-within:ring-2 focus-within:ring-ring"
            >
              <input {...props} className="mt-0.5 size-4 shrink-0 accent-primary" />
              <span>
                <span className="block font-mono text-xs">{props.value}</span>
                <span className="block text-xs text-muted-foreground">{WEBHOOK_EVENT_DESCRIPTIONS[props.value as WebhookEventType]}</span>
              </span>
            </label>
          ))}
        </div>
        <ErrorList id={fields.eventTypes.errorId} errors={typeErrors} />
      </fieldset>
      <Button type="submit" disabled={submitting}>
        {submitting ? 'Saving…' : submitLabel}
      </Button>
    </Form>
  )
}
