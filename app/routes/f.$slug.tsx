import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from '@remix-run/react'
import type { z } from 'zod'
import { Button } from '~/components/ui/button'
import { ErrorList, Field, FormMessage, Input } from '~/components/ui/field'
import { RateLimitError } from '~/modules/auth/enforce-rate-limit.server'
import { getPublicLeadForm, type PublicLeadForm } from '~/modules/forms/get-public-lead-form.server'
import { evidencePageUrl, LEAD_FORM_HONEYPOT, leadFormSubmissionInput } from '~/modules/forms/lead-form-submission-input'
import { enforceLeadFormRateLimit, logLeadFormAttempt } from '~/modules/forms/log-lead-form-attempt.server'
import { submitLeadForm } from '~/modules/forms/submit-lead-form.server'
import { isAppError } from '~/utils/app-error'
import { assertSameOrigin } from '~/utils/csrf.server'
import { rateLimitHeaders } from '~/utils/rate-limit.server'
import { requestIdOf } from '~/utils/request-context.server'
import { clientIp } from '~/utils/request.server'

/**
 * A hosted lead-capture form (docs/decisions/053): public, no sign-in,
 * framable by any site (security-headers.server.ts `isFramablePath`). The
 * exact disclosure text shown is what a submission stores as its consent
 * evidence.
 */

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.form.headline} · ${data.form.organizationName}` : 'Form not found' }]

async function formOf(slug: string | undefined): Promise<PublicLeadForm> {
  const form = slug ? await getPublicLeadForm({ slug }) : null
  if (!form) throw new Response('This form does not exist or is no longer taking answers.', { status: 404 })
  return form
}

function publicView(form: PublicLeadForm) {
  const { organizationName, headline, intro, disclosureText, disclosureVersion, doubleOptIn, thankYouText } = form
  return { organizationName, headline, intro, disclosureText, disclosureVersion, doubleOptIn, thankYouText }
}

/** The page that embeds the form: its Referer when it is another page than ours (the iframe's embedding page, as much of it as its referrer policy shows). */
function embeddingPage(request: Request): string | null {
  const referer = evidencePageUrl(request.headers.get('referer'))
  if (!referer) return null
  return new URL(referer).origin === new URL(request.url).origin && new URL(referer).pathname === new URL(request.url).pathname ? null : referer
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const form = await formOf(params.slug)
  return { form: publicView(form), pageUrl: embeddingPage(request) ?? '' }
}

/** The most a submission's body may be: the fields are short. */
const LEAD_FORM_MAX_BODY_BYTES = 16 * 1024

export async function action({ request, params, context }: ActionFunctionArgs) {
  assertSameOrigin(request)
  const form = await formOf(params.slug)
  const ip = clientIp(request, context)
  const thanks = { status: 'thanks' as const, result: undefined, confirmation: form.doubleOptIn }
  // Counted before the body is read, so a flood costs a counter, not a parse.
  try {
    await enforceLeadFormRateLimit({ formId: form.id, ip })
  } catch (error) {
    if (!(error instanceof RateLimitError)) throw error
    await logLeadFormAttempt({ organizationId: form.organizationId, formId: form.id, outcome: 'rate_limited' })
    return data({ status: 'error' as const, result: { status: 'error' as const, error: { '': [error.message] } }, confirmation: false }, { status: 429, headers: rateLimitHeaders(error.result) })
  }
  // A form of a few short fields: anything larger, or of unknown length, is not a visitor's.
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (!Number.isFinite(declared) || declared > LEAD_FORM_MAX_BODY_BYTES) {
    return data(
      { status: 'error' as const, result: { status: 'error' as const, error: { '': ['This submission is too large. Shorten the fields and send it again.'] } }, confirmation: false },
      413,
    )
  }
  const formData = await request.formData()
  // A filled honeypot is a script: the same thanks, and nothing about it kept but the count.
  const honeypot = formData.get(LEAD_FORM_HONEYPOT)
  if (typeof honeypot === 'string' && honeypot.trim() !== '') {
    await logLeadFormAttempt({ organizationId: form.organizationId, formId: form.id, outcome: 'spam' })
    return thanks
  }
  const submission = parseWithZod(formData, { schema: leadFormSubmissionInput })
  if (submission.status !== 'success') {
    await logLeadFormAttempt({ organizationId: form.organizationId, formId: form.id, outcome: 'invalid', invalidFields: Object.keys(submission.error ?? {}).filter(Boolean).sort() })
    return data({ status: 'error' as const, result: submission.reply(), confirmation: false }, 400)
  }
  try {
    const submitted = await submitLeadForm({
      form,
      fields: submission.value,
      ip,
      userAgent: request.headers.get('user-agent')?.slice(0, 1_000) ?? null,
      pageUrl: evidencePageUrl(submission.value.pageUrl) ?? embeddingPage(request),
      requestId: requestIdOf(request, context),
    })
    // "We just texted you" only when the confirmation request passed the gate and is on its way.
    return { ...thanks, confirmation: Boolean(submitted.confirmationRequest?.queued) }
  } catch (error) {
    if (!isAppError(error)) throw error
    const fieldErrors = (error.details as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors
    if (fieldErrors) {
      await logLeadFormAttempt({ organizationId: form.organizationId, formId: form.id, outcome: 'invalid', invalidFields: Object.keys(fieldErrors).sort() })
    }
    return data({ status: 'error' as const, result: submission.reply(fieldErrors ? { fieldErrors } : { formErrors: [error.message] }), confirmation: false }, error.status)
  }
}

export default function LeadFormPage() {
  const { form: view, pageUrl } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm<z.input<typeof leadFormSubmissionInput>>({
    id: 'lead-form',
    lastResult: answer?.status === 'error' ? answer.result : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: leadFormSubmissionInput }),
  })
  // After a round trip without script, the first field at fault takes the focus.
  const firstError = (['name', 'phone', 'email', 'addressLine1', 'city', 'state', 'postalCode', 'consent'] as const).find((name) => fields[name].errors?.length)
  const busy = navigation.state === 'submitting'
  const consentErrorId = fields.consent.errors?.length ? `${fields.consent.id}-error` : undefined

  return (
    <main className="mx-auto w-full max-w-md p-4 sm:p-6">
      <div className="rounded-lg border border-border bg-surface p-5 shadow-sm">
        <p className="text-sm text-muted-foreground">{view.organizationName}</p>
        <h1 className="mt-1 text-xl font-semibold">{view.headline}</h1>
        {answer?.status === 'thanks' ? (
          <div className="mt-4 space-y-2" data-testid="lead-form-thanks">
            <FormMessage tone="success">{view.thankYouText}</FormMessage>
            {answer.confirmation ? <p className="text-sm">We just texted you: reply YES to confirm.</p> : null}
          </div>
        ) : (
          <>
            {view.intro ? <p className="mt-2 whitespace-pre-line text-sm">{view.intro}</p> : null}
            {/* A document submission, not a fetch: inside another site's iframe the browser may deny this page its storage, which Remix's client navigation needs. */}
            <Form method="post" reloadDocument {...getFormProps(form)} className="mt-4 space-y-4">
              {form.errors?.length ? <FormMessage tone="error">{form.errors.join(' ')}</FormMessage> : null}
              <input type="hidden" name="pageUrl" value={pageUrl} />
              <Field label="Name" errors={fields.name.errors}>
                {(ids) => <Input {...getInputProps(fields.name, { type: 'text' })} {...ids} autoComplete="name" autoFocus={firstError === 'name'} className="h-11 text-base" />}
              </Field>
              <Field label="Mobile phone" errors={fields.phone.errors} hint="US numbers, e.g. (512) 555-0134">
                {(ids) => <Input {...getInputProps(fields.phone, { type: 'tel' })} {...ids} autoComplete="tel" inputMode="tel" autoFocus={firstError === 'phone'} className="h-11 text-base" />}
              </Field>
              <Field label="Email (optional)" errors={fields.email.errors}>
                {(ids) => <Input {...getInputProps(fields.email, { type: 'email' })} {...ids} autoComplete="email" autoFocus={firstError === 'email'} className="h-11 text-base" />}
              </Field>
              <fieldset className="space-y-3">
                <legend className="text-sm font-medium">Property address (optional)</legend>
                <Field label="Street" errors={fields.addressLine1.errors}>
                  {(ids) => <Input {...getInputProps(fields.addressLine1, { type: 'text' })} {...ids} autoComplete="address-line1" autoFocus={firstError === 'addressLine1'} className="h-11 text-base" />}
                </Field>
                <div className="grid grid-cols-6 gap-3">
                  <Field label="City" errors={fields.city.errors} className="col-span-6 sm:col-span-3">
                    {(ids) => <Input {...getInputProps(fields.city, { type: 'text' })} {...ids} autoComplete="address-level2" autoFocus={firstError === 'city'} className="h-11 text-base" />}
                  </Field>
                  <Field label="State" errors={fields.state.errors} className="col-span-3 sm:col-span-1">
                    {(ids) => <Input {...getInputProps(fields.state, { type: 'text' })} {...ids} autoComplete="address-level1" autoFocus={firstError === 'state'} className="h-11 text-base" />}
                  </Field>
                  <Field label="ZIP" errors={fields.postalCode.errors} className="col-span-3 sm:col-span-2">
                    {(ids) => <Input {...getInputProps(fields.postalCode, { type: 'text' })} {...ids} autoComplete="postal-code" inputMode="numeric" autoFocus={firstError === 'postalCode'} className="h-11 text-base" />}
                  </Field>
                </div>
              </fieldset>
              {/* The honeypot: off screen and out of the tab order; people leave it empty, scripts fill it. */}
              <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
                <label htmlFor="lead-form-website">Leave this empty</label>
                <input id="lead-form-website" type="text" name={LEAD_FORM_HONEYPOT} tabIndex={-1} autoComplete="off" defaultValue="" />
              </div>
              <div className="space-y-1">
                <div className="flex items-start gap-3">
                  <input
                    {...getInputProps(fields.consent, { type: 'checkbox' })}
                    aria-describedby={[`${fields.consent.id}-disclosure`, consentErrorId].filter(Boolean).join(' ')}
                    aria-invalid={consentErrorId ? true : undefined}
                    autoFocus={firstError === 'consent'}
                    className="mt-1 size-5 shrink-0 accent-primary"
                  />
                  <label htmlFor={fields.consent.id} className="text-sm">
                    <span className="font-medium">I agree to receive text messages.</span>{' '}
                    <span id={`${fields.consent.id}-disclosure`} data-testid="lead-form-disclosure" className="whitespace-pre-line text-muted-foreground">
                      {view.disclosureText}
                    </span>
                  </label>
                </div>
                <ErrorList id={consentErrorId} errors={fields.consent.errors} />
              </div>
              <Button type="submit" className="h-11 w-full text-base" disabled={busy}>
                {busy ? 'Sending…' : 'Submit'}
              </Button>
              {view.doubleOptIn ? <p className="text-xs text-muted-foreground">We will text you once to confirm; reply YES.</p> : null}
            </Form>
          </>
        )}
      </div>
    </main>
  )
}

export function ErrorBoundary() {
  const error = useRouteError()
  const missing = isRouteErrorResponse(error) && error.status === 404
  return (
    <main className="mx-auto w-full max-w-md p-6">
      <h1 className="text-lg font-semibold">{missing ? 'Form not found' : 'Something went wrong'}</h1>
      <p className="mt-2 text-sm text-muted-foreground">
        {missing ? 'This form does not exist or is no longer taking answers.' : 'Your answer was not saved. Please try again in a moment.'}
      </p>
    </main>
  )
}
