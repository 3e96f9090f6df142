import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { LeadFormFields } from '~/components/forms/lead-form-fields'
import { Button } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/card'
import { FormMessage } from '~/components/ui/field'
import { DISCLOSURE_STARTER, leadFormForm } from '~/modules/forms/lead-form-form'
import { DEFAULT_THANK_YOU } from '~/modules/forms/lead-form-input'
import { listVerticalOptions } from '~/modules/forms/list-vertical-options.server'
import { createLeadForm } from '~/modules/forms/save-lead-form.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'New lead form · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:lead:any')
  return { verticals: await listVerticalOptions({ organizationId: user.organization.id }), organizationName: user.organization.name }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:lead:any')
  const submission = parseWithZod(await request.formData(), { schema: leadFormForm })
  if (submission.status !== 'success') return data({ result: submission.reply() }, 400)
  try {
    const form = await createLeadForm({ organizationId: user.organization.id, actor: actorForUser(user, request, context), input: { ...submission.value, enabled: true } })
    return redirect(`/forms/${form.id}?created=1`)
  } catch (error) {
    if (isAppError(error) && error.status < 500) {
      const fieldErrors = (error.details as { fieldErrors?: Record<string, string> } | undefined)?.fieldErrors
      const field = fieldErrors ? Object.keys(fieldErrors)[0] : undefined
      return data({ result: submission.reply(field ? { fieldErrors: { [field]: [error.message] } } : { formErrors: [error.message] }) }, error.status)
    }
    throw error
  }
}

export default function NewLeadForm() {
  const { verticals, organizationName } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const last = answer?.result.initialValue as Record<string, string | undefined> | undefined
  const errors = answer?.result.error as Record<string, string[]> | undefined
  return (
    <section className="max-w-2xl space-y-4">
      <PageHeader title="New lead form" actions={<Link to="/forms" className="text-sm underline underline-offset-2">All lead forms</Link>} />
      <Form method="post" className="space-y-4" noValidate>
        {errors?.[''] ? <FormMessage tone="error">{errors[''].join(' ')}</FormMessage> : null}
        <LeadFormFields
          verticals={verticals}
          errors={errors}
          defaults={{
            name: last?.name ?? '',
            headline: last?.headline ?? 'Get a cash offer for your house',
            intro: last?.intro ?? '',
            disclosureText: last?.disclosureText ?? DISCLOSURE_STARTER.replace('{company}', organizationName),
            doubleOptIn: last ? last.doubleOptIn === 'on' : false,
            verticalId: last?.verticalId ?? verticals[0]?.id ?? '',
            tags: last?.tags ?? '',
            thankYouText: last?.thankYouText ?? DEFAULT_THANK_YOU,
          }}
        />
        <Button type="submit" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? 'Creating…' : 'Create form'}
        </Button>
      </Form>
    </section>
  )
}
