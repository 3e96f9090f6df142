import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { TemplateFields } from '~/components/templates/template-editor'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { PageHeader } from '~/components/ui/card'
import { FormMessage } from '~/components/ui/field'
import { UtcTime } from '~/components/ui/utc-time'
import { archiveTemplate } from '~/modules/templates/archive-template.server'
import { getTemplate } from '~/modules/templates/get-template.server'
import { updateTemplate } from '~/modules/templates/save-template.server'
import { templateForm } from '~/modules/templates/template-form'
import { readTemplateForm } from '~/modules/templates/template-form.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.name ?? 'Template'} · esd.quest` }]

function notFound(): never {
  throw new Response('No such template', { status: 404 })
}

async function read(organizationId: string, id: string | undefined) {
  const parsed = z.uuid().safeParse(id)
  if (!parsed.success) notFound()
  try {
    return await getTemplate({ organizationId, templateId: parsed.data })
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:campaign:any')
  const template = await read(user.organization.id, params.id)
  return { template, organizationName: user.organization.name, canWrite: userHasPermission(user, 'write:campaign:any') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'write:campaign:any')
  const template = await read(user.organization.id, params.id)
  const actor = actorForUser(user, request, context)
  if (!(request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    const form = await request.clone().formData()
    if (form.get('intent') === 'archive') {
      await archiveTemplate({ organizationId: user.organization.id, actor, templateId: template.id })
      return redirect(`/templates/${template.id}`)
    }
  }
  const { form, media, mediaError } = await readTemplateForm({ request, organizationId: user.organization.id, actor })
  const submission = parseWithZod(form, { schema: templateForm })
  if (mediaError) return data({ result: submission.reply({ fieldErrors: { media: [mediaError] } }), media }, 400)
  if (submission.status !== 'success') return data({ result: submission.reply(), media }, 400)
  try {
    await updateTemplate({ organizationId: user.organization.id, actor, templateId: template.id, input: submission.value })
    return redirect(`/templates/${template.id}?saved=1`)
  } catch (error) {
    if (isAppError(error) && error.code === 'template_name_taken') return data({ result: submission.reply({ fieldErrors: { name: [error.message] } }), media }, 409)
    if (isAppError(error) && error.status < 500) return data({ result: submission.reply({ formErrors: [error.message] }), media }, error.status)
    throw error
  }
}

export default function TemplatePage() {
  const { template, organizationName, canWrite } = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const last = answer?.result.initialValue as { name?: string; body?: string; firstContact?: string } | undefined
  const editable = canWrite && !template.archivedAt
  const busy = navigation.state === 'submitting'
  return (
    <>
      <PageHeader
        title={template.name}
        description={`By ${template.createdBy}`}
        actions={<Link to="/templates" className="text-sm underline underline-offset-2">All templates</Link>}
      />
      <p className="mb-4 text-xs text-muted-foreground">
        Changed <UtcTime value={template.updatedAt} />
        {template.archivedAt ? (
          <>
            {' '}
            · <Badge tone="neutral">archived</Badge> <UtcTime value={template.archivedAt} />
          </>
        ) : null}
      </p>
      {params.get('saved') && !answer ? <FormMessage tone="success">Saved.</FormMessage> : null}
      {editable ? (
        <>
          <Form method="post" encType="multipart/form-data" className="mt-4 space-y-4" noValidate key={template.updatedAt}>
            <input type="hidden" name="intent" value="save" />
            {answer?.result.error?.[''] ? <FormMessage tone="error">{answer.result.error[''].join(' ')}</FormMessage> : null}
            <TemplateFields
              defaults={{
                name: last?.name ?? template.name,
                body: last?.body ?? template.body,
                firstContact: last ? last.firstContact !== 'false' : template.firstContact,
                media: answer ? answer.media : template.media,
              }}
              organizationName={organizationName}
              errors={answer?.result.error as { name?: string[]; body?: string[]; media?: string[] } | undefined}
            />
            <Button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save changes'}
            </Button>
          </Form>
          <Form method="post" className="mt-8 border-t border-border pt-4">
            <input type="hidden" name="intent" value="archive" />
            <p className="mb-2 text-sm text-muted-foreground">Archived templates leave the list and can no longer change; they stay readable.</p>
            <Button type="submit" variant="secondary" disabled={busy}>
              Archive template
            </Button>
          </Form>
        </>
      ) : (
        <div className="mt-4 space-y-2">
          <p className="whitespace-pre-wrap rounded border border-border bg-muted/40 p-3 font-mono text-sm" data-testid="template-body">
            {template.body}
          </p>
          {template.media ? (
            <img src={new URL(template.media.url).pathname} alt="The image each message carries" className="max-h-40 max-w-[160px] rounded border border-border object-contain" data-testid="media-preview" />
          ) : null}
          <p className="text-sm">
            {template.kind === 'mms' ? 'MMS: billed as one message' : `${template.longest.segments} ${template.longest.segments === 1 ? 'segment' : 'segments'} · ${template.longest.encoding}`} ·{' '}
            {template.variants} {template.variants === 1 ? 'variant' : 'variants'}
          </p>
          {template.lint.length ? (
            <ul className="space-y-1" data-testid="lint">
              {template.lint.map((issue, i) => (
                <li key={i} className="text-sm">
                  <Badge tone={issue.severity === 'error' ? 'danger' : 'warning'}>{issue.severity}</Badge> {issue.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
    </>
  )
}
