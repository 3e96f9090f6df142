import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { CopyField } from '~/components/forms/embed-snippet'
import { LeadFormFields } from '~/components/forms/lead-form-fields'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Card, EmptyState, PageHeader } from '~/components/ui/card'
import { FormMessage } from '~/components/ui/field'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { leadFormForm } from '~/modules/forms/lead-form-form'
import { leadFormEmbedSnippet } from '~/modules/forms/lead-form-input'
import { leadFormPublicUrl } from '~/modules/forms/lead-form-summary.server'
import { listLeadFormSubmissions } from '~/modules/forms/list-lead-form-submissions.server'
import { getLeadForm } from '~/modules/forms/list-lead-forms.server'
import { listVerticalOptions } from '~/modules/forms/list-vertical-options.server'
import { setLeadFormEnabled, updateLeadForm } from '~/modules/forms/save-lead-form.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.form.name ?? 'Lead form'} · esd.quest` }]

function formId(id: string | undefined) {
  const parsed = z.uuid().safeParse(id)
  if (!parsed.success) throw new Response('No such form', { status: 404 })
  return parsed.data
}

async function readOr404<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (isAppError(error) && error.status === 404) throw new Response('No such form', { status: 404 })
    throw error
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:lead:any')
  const id = formId(params.id)
  const organizationId = user.organization.id
  const form = await readOr404(() => getLeadForm({ organizationId, formId: id }))
  const [verticals, submissions] = await Promise.all([
    listVerticalOptions({ organizationId }),
    listLeadFormSubmissions({ organizationId, formId: id, limit: 20, showNumbers: userHasPermission(user, 'read:phone:any') }),
  ])
  const url = leadFormPublicUrl(form.slug, request.url)
  return { form, url, snippet: leadFormEmbedSnippet(url, form.headline), verticals, submissions: submissions.data, canWrite: userHasPermission(user, 'write:lead:any') }
}

const toggle = z.object({ intent: z.enum(['enable', 'disable']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:lead:any')
  const id = formId(params.id)
  const actor = actorForUser(user, request, context)
  const formData = await request.formData()
  const switched = toggle.safeParse({ intent: formData.get('intent') })
  if (switched.success) {
    await readOr404(() => setLeadFormEnabled({ organizationId: user.organization.id, actor, formId: id, enabled: switched.data.intent === 'enable' }))
    return { intent: switched.data.intent, result: undefined, saved: false }
  }
  const submission = parseWithZod(formData, { schema: leadFormForm })
  if (submission.status !== 'success') return data({ intent: 'save' as const, result: submission.reply(), saved: false }, 400)
  try {
    const current = await readOr404(() => getLeadForm({ organizationId: user.organization.id, formId: id }))
    await updateLeadForm({ organizationId: user.organization.id, actor, formId: id, input: { ...submission.value, enabled: current.enabled } })
    return { intent: 'save' as const, result: undefined, saved: true }
  } catch (error) {
    if (isAppError(error) && error.status < 500 && error.status !== 404) {
      const fieldErrors = (error.details as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors
      const field = fieldErrors ? Object.keys(fieldErrors)[0] : undefined
      return data({ intent: 'save' as const, result: submission.reply(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }), saved: false }, error.status)
    }
    throw error
  }
}

const OUTCOMES = { accepted: 'accepted', spam: 'spam (honeypot)', rate_limited: 'rate limited', invalid: 'invalid' } as const

export default function LeadFormSettings() {
  const { form, url, snippet, verticals, submissions, canWrite } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const errors = answer?.result?.error as Record<string, string[]> | undefined
  const busy = navigation.state === 'submitting'
  return (
    <div className="space-y-6">
      <PageHeader
        title={form.name}
        description={`${form.enabled ? 'Enabled' : 'Disabled'} · disclosure version ${form.disclosureVersion}${form.doubleOptIn ? ' · double opt-in by SMS' : ''} · created by ${form.createdBy}`}
        actions={
          <Link to="/forms" className="text-sm underline underline-offset-2">
            All lead forms
          </Link>
        }
      />
      {params.get('created') ? <FormMessage tone="success">Form created. Share its address or paste the embed snippet into your site.</FormMessage> : null}
      {answer?.saved ? <FormMessage tone="success">Saved. New submissions store the disclosure as it is now.</FormMessage> : null}
      {answer?.intent === 'disable' ? <FormMessage tone="info">Disabled: its address now answers “not found”.</FormMessage> : null}
      {answer?.intent === 'enable' ? <FormMessage tone="success">Enabled: its address takes answers again.</FormMessage> : null}

      <Card className="space-y-4">
        <h2 className="font-semibold">Share it</h2>
        <CopyField id="lead-form-url" label="Public address" value={url} />
        <CopyField id="lead-form-snippet" label="Embed snippet (paste into any page)" value={snippet} multiline />
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="secondary">
            <a href={url} target="_blank" rel="noreferrer">
              Open the form
            </a>
          </Button>
          {canWrite ? (
            <Form method="post">
              <input type="hidden" name="intent" value={form.enabled ? 'disable' : 'enable'} />
              <Button type="submit" variant={form.enabled ? 'secondary' : 'primary'} disabled={busy}>
                {form.enabled ? 'Disable form' : 'Enable form'}
              </Button>
            </Form>
          ) : null}
        </div>
      </Card>

      {canWrite ? (
        <section aria-labelledby="edit-lead-form-heading" className="max-w-2xl space-y-4">
          <h2 id="edit-lead-form-heading" className="font-semibold">
            Edit
          </h2>
          <Form method="post" className="space-y-4" noValidate>
            {errors?.[''] ? <FormMessage tone="error">{errors[''].join(' ')}</FormMessage> : null}
            <LeadFormFields
              key={form.updatedAt}
              verticals={verticals}
              errors={errors}
              defaults={{
                name: form.name,
                headline: form.headline,
                intro: form.intro ?? '',
                disclosureText: form.disclosureText,
                doubleOptIn: form.doubleOptIn,
                verticalId: form.verticalId ?? '',
                tags: form.tags.join(', '),
                thankYouText: form.thankYouText,
              }}
            />
            <Button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save changes'}
            </Button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="lead-form-submissions-heading" className="space-y-2">
        <h2 id="lead-form-submissions-heading" className="font-semibold">
          Recent submissions
        </h2>
        {submissions.length === 0 ? (
          <EmptyState title="No submissions yet">Answers show here as they come in, spam and refused ones included (without the person’s details).</EmptyState>
        ) : (
          <Table label="Recent submissions">
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Outcome</Th>
                <Th>Name</Th>
                <Th>Phone</Th>
                <Th>Page</Th>
                <Th>Consent</Th>
              </tr>
            </thead>
            <tbody>
              {submissions.map((s) => (
                <tr key={s.id} data-testid="lead-form-submission">
                  <Td>
                    <UtcTime value={s.createdAt} />
                  </Td>
                  <Td>
                    <Badge tone={s.outcome === 'accepted' ? 'success' : s.outcome === 'invalid' ? 'neutral' : 'warning'}>{OUTCOMES[s.outcome]}</Badge>
                    {s.invalidFields.length ? <span className="ml-1 text-xs text-muted-foreground">{s.invalidFields.join(', ')}</span> : null}
                  </Td>
                  <Td>{s.leadId ? <Link to={`/leads/${s.leadId}`} className="underline underline-offset-2">{s.name}</Link> : (s.name ?? '—')}</Td>
                  <Td className="font-mono text-xs">{s.phone ?? '—'}</Td>
                  <Td className="max-w-[16rem] truncate text-xs">{s.pageUrl ?? '—'}</Td>
                  <Td className="text-xs">
                    {s.outcome !== 'accepted' ? '—' : s.confirmation === 'pending' ? 'awaiting YES' : s.confirmation === 'confirmed' ? 'confirmed by YES' : `granted (v${s.disclosureVersion})`}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
    </div>
  )
}
