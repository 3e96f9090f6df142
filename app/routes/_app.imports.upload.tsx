import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { FileUploader, type FinishedUpload } from '~/components/ingest/file-uploader'
import { StartImportForm } from '~/components/ingest/start-import-form'
import { Card, PageHeader } from '~/components/ui/card'
import { Icon } from '~/components/ui/icon'
import { PARSERS } from '~/modules/ingest/parsers/registry'
import { startImportFromForm } from '~/modules/ingest/start-import-from-form.server'
import { startImportSchema } from '~/modules/ingest/start-import-schema'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { prisma } from '~/utils/db.server'
import { IMPORT_PERMISSION } from '~/utils/upload-auth.server'

export const meta: MetaFunction = () => [{ title: 'Upload a lead file · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, IMPORT_PERMISSION)
  const organizationId = user.organization.id
  const [verticals, savedMaps] = await Promise.all([
    prisma.vertical.findMany({ where: { organizationId }, orderBy: { name: 'asc' }, select: { key: true, name: true } }),
    prisma.columnMap.findMany({ where: { organizationId }, orderBy: { name: 'asc' }, select: { id: true, name: true }, take: 100 }),
  ])
  // The generic parser needs a map: it is offered through the saved maps, or on the import page once the header is known.
  const parsers = [...new Map(PARSERS.filter((p) => p.key !== 'generic-csv').map((p) => [p.key, { key: p.key, label: p.label }])).values()]
  return { options: { verticals, parsers, savedMaps } }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, IMPORT_PERMISSION)
  const submission = parseWithZod(await request.formData(), { schema: startImportSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, 400)
  try {
    const created = await startImportFromForm({ organizationId: user.organization.id, actor: actorForUser(user, request, context), form: submission.value })
    return redirect(`/imports/${created.id}`)
  } catch (error) {
    if (!isAppError(error)) throw error
    const fieldErrors = (error.details?.fieldErrors ?? {}) as Record<string, string>
    const known = ['class', 'verticalKey', 'complianceKind', 'parser', 'rerunOfId']
    const shown = Object.fromEntries(Object.entries(fieldErrors).filter(([key]) => known.includes(key)).map(([key, message]) => [key, [message]]))
    const rest = Object.entries(fieldErrors).filter(([key]) => !known.includes(key)).map(([, message]) => message)
    const formErrors = Object.keys(fieldErrors).length === 0 ? [error.message] : rest
    return data({ result: submission.reply({ fieldErrors: shown, formErrors }) }, error.status === 404 ? 404 : 422)
  }
}

/** Uploads a lead file (resumable), then starts its import: what the file is and how to read it. */
export default function UploadLeadFile() {
  const { options } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [finished, setFinished] = useState<FinishedUpload | null>(null)
  return (
    <>
      <Link to="/imports" className="mb-2 inline-flex min-h-11 items-center gap-1 text-sm text-muted-foreground hover:text-foreground sm:min-h-0">
        <Icon name="previous" /> All imports
      </Link>
      <PageHeader title="Upload a lead file" description="Large files upload in 4 MB pieces and survive a reload or a dropped connection." />
      <div className="max-w-2xl space-y-4">
        <Card>
          <FileUploader onComplete={setFinished} />
        </Card>
        {finished ? (
          <Card>
            <StartImportForm upload={finished.upload} options={options} lastResult={actionData?.result} />
          </Card>
        ) : null}
      </div>
    </>
  )
}
