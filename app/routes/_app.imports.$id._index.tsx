import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { ImportLiveUpdates } from '~/components/ingest/import-live-updates'
import { ImportStatusBadge } from '~/components/ingest/import-status-badge'
import { RawRowDialog } from '~/components/ingest/raw-row-dialog'
import { StageProgress } from '~/components/ingest/stage-progress'
import { formatBytes } from '~/components/ingest/upload-progress'
import { AlertDialogConfirm } from '~/components/ui/alert-dialog'
import { Button } from '~/components/ui/button'
import { Card, EmptyState } from '~/components/ui/card'
import { FormMessage } from '~/components/ui/field'
import { Icon } from '~/components/ui/icon'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { cancelImport } from '~/modules/ingest/cancel-import.server'
import { getImportDetail } from '~/modules/ingest/get-import-detail.server'
import { listImportRowErrorsWithCells } from '~/modules/ingest/list-import-row-errors-with-cells.server'
import { pauseImport } from '~/modules/ingest/pause-import.server'
import { reextractImport } from '~/modules/ingest/reextract-import.server'
import { resumeImport } from '~/modules/ingest/resume-import.server'
import { importRoomId } from '~/modules/realtime/rooms'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { IMPORT_PERMISSION } from '~/utils/upload-auth.server'
import type { loader as appLoader } from './_app'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.detail.filename ?? 'Import'} · Imports · esd.quest` }]

const ERRORS_PAGE = 50
const idSchema = z.uuid()

function notFound(): never {
  throw new Response('No such import.', { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, IMPORT_PERMISSION)
  const id = idSchema.safeParse(params.id)
  if (!id.success) notFound()
  const organizationId = user.organization.id
  const cursor = new URL(request.url).searchParams.get('errors')
  try {
    const [detail, errors] = await Promise.all([
      getImportDetail({ organizationId, importFileId: id.data }),
      listImportRowErrorsWithCells({ organizationId, importFileId: id.data, limit: ERRORS_PAGE, cursor }),
    ])
    return {
      detail: { ...detail, createdAt: detail.createdAt.toISOString(), finishedAt: detail.finishedAt?.toISOString() ?? null },
      errors,
      errorsPaged: Boolean(cursor),
      roomId: importRoomId(organizationId, id.data),
    }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

const actionSchema = z.object({ intent: z.enum(['pause', 'resume', 'cancel', 'reextract']) })

const DONE: Record<z.infer<typeof actionSchema>['intent'], string> = {
  pause: 'Paused: the run stops after the chunk in progress.',
  resume: 'Resumed: it goes on from where it stopped.',
  cancel: 'Cancelled. What was merged before stays.',
  reextract: 'Re-extracting: PARSE → RECORD runs again over the stored rows.',
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, IMPORT_PERMISSION)
  const id = idSchema.safeParse(params.id)
  if (!id.success) notFound()
  const submission = parseWithZod(await request.formData(), { schema: actionSchema })
  if (submission.status !== 'success') return data({ ok: false, message: 'Choose pause, resume, cancel or re-extract.' }, 400)
  const options = { organizationId: user.organization.id, importFileId: id.data, actor: actorForUser(user, request, context) }
  const intent = submission.value.intent
  try {
    if (intent === 'pause') await pauseImport(options)
    else if (intent === 'resume') await resumeImport(options)
    else if (intent === 'cancel') await cancelImport(options)
    else await reextractImport(options)
    return { ok: true, message: DONE[intent] }
  } catch (error) {
    if (isAppError(error)) {
      if (error.status === 404) notFound()
      return data({ ok: false, message: error.message }, error.status)
    }
    throw error
  }
}

const COUNT_LABELS: [key: string, label: string][] = [
  ['rows', 'Rows'],
  ['newIdentities', 'New identities'],
  ['matchedIdentities', 'Matched identities'],
  ['phonesAdded', 'Phones added'],
  ['invalidPhones', 'Invalid phones'],
  ['inFileDuplicates', 'In-file duplicates'],
  ['leadsCreated', 'Leads created'],
  ['leadsMatched', 'Leads matched'],
  ['leadsEnriched', 'Leads enriched'],
  ['emailsAdded', 'Emails added'],
  ['propertiesAdded', 'Properties added'],
  ['consentEvents', 'Consent events'],
  ['unmatchedRows', 'Unmatched rows'],
  ['emptyRows', 'Empty rows'],
]

function Counts({ counts, final }: { counts: Record<string, unknown>; final: boolean }) {
  const shown = COUNT_LABELS.filter(([key]) => typeof counts[key] === 'number')
  const byType = Object.entries((counts.errorsByType ?? {}) as Record<string, number>).sort((a, b) => b[1] - a[1])
  if (shown.length === 0) return null
  return (
    <Card className="space-y-3" data-testid="import-counts">
      <h2 className="text-base font-semibold">{final ? 'What the import found' : 'Found so far'}</h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {shown.map(([key, label]) => (
          <div key={key}>
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid={`count-${key}`}>
              {(counts[key] as number).toLocaleString('en-US')}
            </dd>
          </div>
        ))}
      </dl>
      {byType.length ? (
        <div>
          <h3 className="text-sm font-medium">Errors by type</h3>
          <ul className="mt-1 flex flex-wrap gap-2 text-sm" data-testid="errors-by-type">
            {byType.map(([kind, n]) => (
              <li key={kind} className="rounded bg-muted px-2 py-0.5">
                <span className="font-mono text-xs">{kind}</span> <span className="tabular-nums">{n.toLocaleString('en-US')}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  )
}

export default function ImportPage() {
  const { detail, errors, errorsPaged, roomId } = useLoaderData<typeof loader>()
  const app = useRouteLoaderData<typeof appLoader>('routes/_app')
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'
  const live = detail.status === 'queued' || detail.status === 'running'
  const canPause = live
  const canResume = detail.status === 'paused'
  const canCancel = live || detail.status === 'paused'
  const landed = detail.rowCount !== null && detail.header !== null
  const canReextract = landed && (detail.status === 'completed' || detail.status === 'failed')
  const intentButton = (intent: string, label: string, variant: 'primary' | 'secondary' = 'secondary') => (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <Button type="submit" variant={variant} className="h-11 w-full sm:h-9 sm:w-auto" disabled={busy}>
        {label}
      </Button>
    </Form>
  )

  return (
    <div className="space-y-5">
      <ImportLiveUpdates roomId={roomId} baseUrl={app?.realtime?.baseUrl ?? null} active={live} />
      <div>
        <Link to="/imports" className="inline-flex min-h-11 items-center gap-1 text-sm text-muted-foreground hover:text-foreground sm:min-h-0">
          <Icon name="previous" /> All imports
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="break-all text-xl font-semibold tracking-tight">{detail.filename}</h1>
          <ImportStatusBadge status={detail.status} />
        </div>
        <p className="mt-1 text-sm text-muted-foreground">
          <span className="capitalize">{detail.class}</span>
          {detail.vertical ? ` into ${detail.vertical.name}` : ''}
          {detail.complianceKind ? ` · ${detail.complianceKind}` : ''} · {formatBytes(detail.byteSize)} · started <UtcTime value={detail.createdAt} />
          {detail.createdBy ? ` by ${detail.createdBy}` : ''}
          {detail.extraction ? ` · read as ${detail.extraction.parserKey}@${detail.extraction.parserVersion}${detail.extraction.number > 1 ? ` (extraction ${detail.extraction.number})` : ''}` : ''}
        </p>
        {detail.rerunOfId ? (
          <p className="mt-1 text-sm">
            A re-run of{' '}
            <Link to={`/imports/${detail.rerunOfId}`} className="underline underline-offset-4">
              an earlier import of the same file
            </Link>
            .
          </p>
        ) : null}
      </div>

      {actionData ? <FormMessage tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</FormMessage> : null}
      {detail.status === 'failed' && detail.error ? (
        <FormMessage tone="error">
          <span data-testid="import-error">The import failed: {detail.error}</span>
          {landed ? ' Map the columns or re-extract to try again without uploading.' : ''}
        </FormMessage>
      ) : null}

      <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
        {canPause ? intentButton('pause', 'Pause') : null}
        {canResume ? intentButton('resume', 'Resume', 'primary') : null}
        {canCancel ? (
          <AlertDialogConfirm
            trigger={
              <Button variant="secondary" className="h-11 w-full sm:h-9 sm:w-auto" disabled={busy}>
                Cancel import
              </Button>
            }
            title="Cancel this import?"
            description="It stops after the chunk in progress and cannot be resumed. Rows already merged stay in your leads."
            confirmLabel="Cancel import"
            intent="cancel"
          />
        ) : null}
        {canReextract ? intentButton('reextract', 'Re-extract') : null}
        {landed && !live ? (
          <Button asChild variant="secondary" className="h-11 w-full sm:h-9 sm:w-auto">
            <Link to={`/imports/${detail.id}/mapping`}>Map the columns</Link>
          </Button>
        ) : null}
      </div>

      <Card className="space-y-4" aria-live="off">
        <h2 className="text-base font-semibold">Progress</h2>
        {detail.stages.map((bar) => (
          <StageProgress key={bar.key} bar={bar} />
        ))}
      </Card>

      <Counts counts={detail.counts as Record<string, unknown>} final={detail.status === 'completed'} />

      <section aria-labelledby="row-errors" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="row-errors" className="text-base font-semibold">
            Row errors
          </h2>
          {errors.items.length || errorsPaged ? (
            <Button asChild variant="secondary" className="h-11 sm:h-9">
              <a href={`/imports/${detail.id}/errors.csv`} download data-testid="download-errors">
                Download as CSV
              </a>
            </Button>
          ) : null}
        </div>
        {errors.items.length === 0 ? (
          <EmptyState title={errorsPaged ? 'No more row errors' : 'No row errors'}>
            {live ? 'Rows with a problem appear here as they are read.' : 'Every row was read without a problem.'}
          </EmptyState>
        ) : (
          <Table label="Row errors" className="min-w-[640px]">
            <thead>
              <tr>
                <Th className="sticky left-0 z-10 bg-surface">Row</Th>
                <Th>Reason</Th>
                <Th>Column</Th>
                <Th>Value</Th>
              </tr>
            </thead>
            <tbody>
              {errors.items.map((error) => (
                <tr key={error.id} data-testid="row-error">
                  <Td className="sticky left-0 z-10 bg-surface">
                    <RawRowDialog error={error} />
                  </Td>
                  <Td>
                    <span className="font-mono text-xs">{error.kind}</span>
                    <span className="block text-xs text-muted-foreground">{error.message}</span>
                  </Td>
                  <Td className="text-xs">{error.column ?? '—'}</Td>
                  <Td className="max-w-[14rem] truncate font-mono text-xs" title={error.value ?? undefined}>
                    {error.value ?? '—'}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {errors.nextCursor || errorsPaged ? (
          <nav aria-label="Row error pages" className="flex justify-end gap-2">
            {errorsPaged ? (
              <Button asChild variant="secondary" size="sm">
                <Link to="?" preventScrollReset>
                  First errors
                </Link>
              </Button>
            ) : null}
            {errors.nextCursor ? (
              <Button asChild variant="secondary" size="sm">
                <Link to={`?errors=${encodeURIComponent(errors.nextCursor)}`} preventScrollReset>
                  Next errors <Icon name="next" />
                </Link>
              </Button>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  )
}
