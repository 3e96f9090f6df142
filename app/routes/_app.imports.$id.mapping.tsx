import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { ErrorList, FormMessage, Input, Select } from '~/components/ui/field'
import { Icon } from '~/components/ui/icon'
import { Table, Td, Th } from '~/components/ui/table'
import { columnMapToSlots, MAP_SLOTS, slotsToColumnMap } from '~/modules/ingest/column-map-slots'
import { getImportDetail } from '~/modules/ingest/get-import-detail.server'
import { headerDisplayNames } from '~/modules/ingest/header-display-names'
import { previewColumnMap, type PreviewRow } from '~/modules/ingest/preview-column-map.server'
import { reextractImport } from '~/modules/ingest/reextract-import.server'
import { saveColumnMap } from '~/modules/ingest/save-column-map.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { IMPORT_PERMISSION } from '~/utils/upload-auth.server'

export const meta: MetaFunction = () => [{ title: 'Map the columns · Imports · esd.quest' }]

const idSchema = z.uuid()

function notFound(): never {
  throw new Response('No such import.', { status: 404 })
}

async function load(request: Request, rawId: string | undefined) {
  const user = await requireUserWithPermission(request, IMPORT_PERMISSION)
  const id = idSchema.safeParse(rawId)
  if (!id.success) notFound()
  try {
    return { user, detail: await getImportDetail({ organizationId: user.organization.id, importFileId: id.data }) }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, detail } = await load(request, params.id)
  const header = detail.header
  const map = detail.extraction?.parserKey === 'generic-csv' ? detail.extraction.columnMap : null
  let preview: PreviewRow[] | null = null
  if (header && map) preview = await previewColumnMap({ organizationId: user.organization.id, importFileId: detail.id, columnMap: map }).catch(() => null)
  return {
    id: detail.id,
    filename: detail.filename,
    status: detail.status,
    columns: header ? headerDisplayNames(header) : null,
    choices: header ? columnMapToSlots(map, headerDisplayNames(header)) : {},
    parser: detail.extraction ? `${detail.extraction.parserKey}@${detail.extraction.parserVersion}` : null,
    preview,
  }
}

const mappingSchema = z.object({
  intent: z.enum(['preview', 'reextract']),
  name: z.string().trim().max(100, 'At most 100 characters.').optional(),
  slots: z.record(z.string(), z.string()).optional(),
})

type ActionResult = {
  choices: Record<string, string>
  fieldErrors: Record<string, string>
  formError: string | null
  preview: PreviewRow[] | null
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, detail } = await load(request, params.id)
  const submission = parseWithZod(await request.formData(), { schema: mappingSchema })
  if (submission.status !== 'success') {
    return data<ActionResult>({ choices: {}, fieldErrors: {}, formError: 'The form could not be read; reload the page.', preview: null }, 400)
  }
  const choices = submission.value.slots ?? {}
  const { map, errors } = slotsToColumnMap(choices)
  const fail = (formError: string | null, status = 422) => data<ActionResult>({ choices, fieldErrors: errors, formError, preview: null }, status)
  if (Object.keys(errors).length) return fail('A column can feed one field only.')
  const organizationId = user.organization.id
  try {
    if (submission.value.intent === 'preview') {
      const preview = await previewColumnMap({ organizationId, importFileId: detail.id, columnMap: map })
      return { choices, fieldErrors: {}, formError: null, preview } satisfies ActionResult
    }
    const actor = actorForUser(user, request, context)
    if (submission.value.name) await saveColumnMap({ organizationId, actor, name: submission.value.name, map })
    await reextractImport({ organizationId, importFileId: detail.id, actor, columnMap: map })
    return redirect(`/imports/${detail.id}`)
  } catch (error) {
    if (isAppError(error) && error.status !== 404) return fail(error.message, error.status)
    if (isAppError(error)) notFound()
    throw error
  }
}

function PreviewTable({ rows }: { rows: PreviewRow[] }) {
  return (
    <Table label="Preview of the first rows" className="min-w-[760px]">
      <thead>
        <tr>
          <Th className="sticky left-0 z-10 bg-surface">Row</Th>
          <Th>Name</Th>
          <Th>Phones</Th>
          <Th>Emails</Th>
          <Th>Property</Th>
          <Th>Mailing</Th>
          <Th>Problems</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.rowNo} data-testid="preview-row">
            <Td className="sticky left-0 z-10 bg-surface tabular-nums">{row.rowNo}</Td>
            <Td>{row.name ?? '—'}</Td>
            <Td className="font-mono text-xs">{row.phones.join(', ') || '—'}</Td>
            <Td className="text-xs">{row.emails.join(', ') || '—'}</Td>
            <Td className="text-xs">{row.property ?? '—'}</Td>
            <Td className="text-xs">{row.mailing ?? '—'}</Td>
            <Td className="text-xs text-danger">{row.problems.join('; ')}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  )
}

export default function MapColumns() {
  const loaded = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle'
  const choices = result?.choices && Object.keys(result.choices).length ? result.choices : loaded.choices
  const preview = result?.preview ?? loaded.preview
  const canReextract = loaded.status === 'completed' || loaded.status === 'failed'
  const fieldErrors = (result?.fieldErrors ?? {}) as Record<string, string>

  return (
    <div className="space-y-5">
      <div>
        <Link to={`/imports/${loaded.id}`} className="inline-flex min-h-11 items-center gap-1 text-sm text-muted-foreground hover:text-foreground sm:min-h-0">
          <Icon name="previous" /> Back to the import
        </Link>
        <h1 className="mt-2 text-xl font-semibold tracking-tight">Map the columns</h1>
        <p className="mt-1 break-words text-sm text-muted-foreground">
          {loaded.filename}
          {loaded.parser ? ` · read as ${loaded.parser}` : ''}. Choose which column of the file holds each field; fields left blank are not read. Preview
          shows the first 20 rows as the import will read them.
        </p>
      </div>
      {!loaded.columns ? (
        <FormMessage tone="info">The file has not been read yet. Its columns appear here once LAND has read its header.</FormMessage>
      ) : (
        <Form method="post" className="space-y-4" key={JSON.stringify(choices)}>
          {result?.formError ? <FormMessage tone="error">{result.formError}</FormMessage> : null}
          {!canReextract ? (
            <FormMessage tone="info">The import is {loaded.status}: preview now; re-extraction is possible once it has completed or failed.</FormMessage>
          ) : null}
          <Card>
            <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {MAP_SLOTS.map(({ slot, label }) => {
                const errors = fieldErrors[slot] ? [fieldErrors[slot]] : null
                return (
                  <div key={slot} className="space-y-1">
                    <label htmlFor={`slot-${slot}`} className="block text-sm font-medium">
                      {label}
                    </label>
                    <Select
                      id={`slot-${slot}`}
                      name={`slots.${slot}`}
                      defaultValue={choices[slot] ?? ''}
                      className="h-11 sm:h-9"
                      aria-invalid={errors ? true : undefined}
                      aria-describedby={errors ? `slot-${slot}-error` : undefined}
                    >
                      <option value="">— not in the file —</option>
                      {loaded.columns!.map((column) => (
                        <option key={column} value={column}>
                          {column}
                        </option>
                      ))}
                    </Select>
                    <ErrorList id={`slot-${slot}-error`} errors={errors} />
                  </div>
                )
              })}
            </div>
          </Card>
          <div className="max-w-md space-y-1">
            <label htmlFor="map-name" className="block text-sm font-medium">
              Save the map as (optional)
            </label>
            <Input id="map-name" name="name" maxLength={100} className="h-11 sm:h-9" aria-describedby="map-name-hint" />
            <p id="map-name-hint" className="text-xs text-muted-foreground">
              A saved map is offered when you start the next file of the same layout.
            </p>
          </div>
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button type="submit" name="intent" value="preview" variant="secondary" className="h-11 sm:h-9" disabled={busy}>
              Preview
            </Button>
            <Button type="submit" name="intent" value="reextract" className="h-11 sm:h-9" disabled={busy || !canReextract}>
              Save and re-extract
            </Button>
          </div>
        </Form>
      )}
      {preview ? (
        <section aria-labelledby="preview-heading" className="space-y-2">
          <h2 id="preview-heading" className="text-base font-semibold">
            Preview: the first {preview.length} rows
          </h2>
          <PreviewTable rows={preview} />
        </section>
      ) : null}
    </div>
  )
}
