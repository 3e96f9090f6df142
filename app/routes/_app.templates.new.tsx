import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { TemplateFields } from '~/components/templates/template-editor'
import { Button } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/card'
import { FormMessage } from '~/components/ui/field'
import { createTemplate } from '~/modules/templates/save-template.server'
import { templateForm } from '~/modules/templates/template-form'
import { readTemplateForm } from '~/modules/templates/template-form.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'

export const meta: MetaFunction = () => [{ title: 'New template · esd.quest' }]

const STARTER = '{Hi|Hello} {first_name|there}, this is {sender_name} with {company_name}. Still thinking of selling {property_address}? Reply STOP to opt out.'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  return { organizationName: user.organization.name, starter: STARTER }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  const actor = actorForUser(user, request, context)
  const { form, media, mediaError } = await readTemplateForm({ request, organizationId: user.organization.id, actor })
  const submission = parseWithZod(form, { schema: templateForm })
  if (mediaError) return data({ result: submission.reply({ fieldErrors: { media: [mediaError] } }), media }, 400)
  if (submission.status !== 'success') return data({ result: submission.reply(), media }, 400)
  try {
    const template = await createTemplate({ organizationId: user.organization.id, actor, input: submission.value })
    return redirect(`/templates/${template.id}?saved=1`)
  } catch (error) {
    if (isAppError(error) && error.code === 'template_name_taken') return data({ result: submission.reply({ fieldErrors: { name: [error.message] } }), media }, 409)
    if (isAppError(error) && error.code === 'media_not_found') return data({ result: submission.reply({ fieldErrors: { media: [error.message] } }), media: null }, 404)
    throw error
  }
}

export default function NewTemplate() {
  const { organizationName, starter } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const last = answer?.result.initialValue as { name?: string; body?: string; firstContact?: string } | undefined
  return (
    <>
      <PageHeader title="New template" actions={<Link to="/templates" className="text-sm underline underline-offset-2">All templates</Link>} />
      <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate>
        {answer?.result.error?.[''] ? <FormMessage tone="error">{answer.result.error[''].join(' ')}</FormMessage> : null}
        <TemplateFields
          defaults={{ name: last?.name ?? '', body: last?.body ?? starter, firstContact: last?.firstContact !== 'false', media: answer?.media ?? null }}
          organizationName={organizationName}
          errors={answer?.result.error as { name?: string[]; body?: string[]; media?: string[] } | undefined}
        />
        <Button type="submit" disabled={navigation.state === 'submitting'}>
          {navigation.state === 'submitting' ? 'Saving…' : 'Save template'}
        </Button>
      </Form>
    </>
  )
}
