import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { formatDuration } from '~/components/jobs/format-duration'
import { JobRunStatusBadge } from '~/components/jobs/job-run-status-badge'
import { AlertDialogConfirm } from '~/components/ui/alert-dialog'
import { Button } from '~/components/ui/button'
import { FormMessage } from '~/components/ui/field'
import { Icon } from '~/components/ui/icon'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { cancelJobRun } from '~/modules/jobs/cancel-job-run.server'
import { getJobRun } from '~/modules/jobs/get-job-run.server'
import { jobRunViewerOf } from '~/modules/jobs/job-run-viewer.server'
import { retryJobRun } from '~/modules/jobs/retry-job-run.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser, requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'

export const meta: MetaFunction = () => [{ title: 'Job run · Settings · esd.quest' }]

const runIdSchema = z.uuid()

function notFound(): never {
  throw new Response('No such job run.', { status: 404 })
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:job_run:any')
  const runId = runIdSchema.safeParse(params.runId)
  if (!runId.success) notFound()
  try {
    const run = await getJobRun({ viewer: jobRunViewerOf(user), runId: runId.data })
    return { run, canManage: userHasPermission(user, 'manage:job_run:any') }
  } catch (error) {
    if (isAppError(error) && error.status === 404) notFound()
    throw error
  }
}

const actionSchema = z.object({ intent: z.enum(['retry', 'cancel']) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:job_run:any')
  const runId = runIdSchema.safeParse(params.runId)
  if (!runId.success) notFound()
  const submission = parseWithZod(await request.formData(), { schema: actionSchema })
  if (submission.status !== 'success') return data({ ok: false, message: 'Choose retry or cancel.' }, 400)
  const options = { viewer: jobRunViewerOf(user), actor: actorForUser(user, request, context), runId: runId.data }
  try {
    if (submission.value.intent === 'retry') {
      await retryJobRun(options)
      return { ok: true, message: 'Queued again: it resumes from the step that failed.' }
    }
    const outcome = await cancelJobRun(options)
    return {
      ok: true,
      message: outcome === 'cancelled' ? 'Cancelled.' : 'Cancelling: the run stops before its next step.',
    }
  } catch (error) {
    if (isAppError(error)) {
      if (error.status === 404) notFound()
      return data({ ok: false, message: error.message }, error.status)
    }
    throw error
  }
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  )
}

export default function JobRunPage() {
  const { run, canManage } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting'

  return (
    <section aria-labelledby="run-heading" className="space-y-5">
      <div>
        <Link to="/settings/jobs" className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <Icon name="previous" /> All job runs
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h2 id="run-heading" className="font-mono text-base font-semibold">
            {run.functionId}
          </h2>
          <JobRunStatusBadge status={run.status} />
          {run.cancelRequested && run.status === 'running' ? <span className="text-sm text-muted-foreground">cancelling…</span> : null}
          {canManage ? (
            <div className="ml-auto flex gap-2">
              {run.canRetry ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="retry" />
                  <Button type="submit" size="sm" disabled={busy}>
                    Retry from the failed step
                  </Button>
                </Form>
              ) : null}
              {run.canCancel ? (
                <AlertDialogConfirm
                  trigger={
                    <Button variant="secondary" size="sm" disabled={busy}>
                      Cancel run
                    </Button>
                  }
                  title="Cancel this run?"
                  description={
                    run.status === 'running'
                      ? 'The step executing now finishes; the run stops before its next step.'
                      : 'It will not run again. A cancelled run cannot be resumed.'
                  }
                  confirmLabel="Cancel run"
                  intent="cancel"
                />
              ) : null}
            </div>
          ) : null}
        </div>
      </div>

      {actionData ? <FormMessage tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</FormMessage> : null}
      {run.error ? (
        <p className="flex gap-2 text-sm text-danger" role="note">
          <Icon name="warning" className="mt-0.5" />
          <span className="break-words">{run.error}</span>
        </p>
      ) : null}

      <dl className="grid gap-3 rounded-lg border border-border bg-surface p-4 sm:grid-cols-3 lg:grid-cols-4">
        <Fact label="Event">
          <span className="font-mono text-xs">{run.eventName}</span>
        </Fact>
        <Fact label="Organization">{run.organization?.name ?? 'Platform (none)'}</Fact>
        <Fact label="Attempts">{run.attempts}</Fact>
        <Fact label="Duration">{formatDuration(run.durationMs)}</Fact>
        <Fact label="Created">
          <UtcTime value={run.createdAt} precision="second" />
        </Fact>
        <Fact label="Started">
          <UtcTime value={run.startedAt} precision="second" />
        </Fact>
        <Fact label="Finished">
          <UtcTime value={run.finishedAt} precision="second" />
        </Fact>
        <Fact label="Request id">
          <span className="break-all font-mono text-xs">{run.requestId ?? '—'}</span>
        </Fact>
      </dl>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Steps</h3>
        {run.steps.length === 0 ? (
          <p className="text-sm text-muted-foreground">No step has run yet.</p>
        ) : (
          <Table label="Steps" className="min-w-[760px]">
            <thead>
              <tr>
                <Th>#</Th>
                <Th>Step</Th>
                <Th>Status</Th>
                <Th>Attempts</Th>
                <Th>Started</Th>
                <Th>Duration</Th>
                <Th>Error</Th>
              </tr>
            </thead>
            <tbody>
              {run.steps.map((step, index) => (
                <tr key={step.id} data-testid="job-step-row">
                  <Td className="tabular-nums text-muted-foreground">{index + 1}</Td>
                  <Td>
                    <span className="font-mono text-xs">{step.name}</span>
                    {step.kind === 'sleep' ? <span className="ml-2 text-xs text-muted-foreground">sleep</span> : null}
                  </Td>
                  <Td>
                    <JobRunStatusBadge status={step.status} />
                  </Td>
                  <Td className="tabular-nums">{step.kind === 'sleep' ? '—' : step.attempts}</Td>
                  <Td className="whitespace-nowrap text-xs">
                    <UtcTime value={step.startedAt} precision="second" />
                  </Td>
                  <Td className="whitespace-nowrap text-xs tabular-nums">{formatDuration(step.durationMs)}</Td>
                  <Td className="max-w-sm break-words text-xs text-danger">{step.error ?? ''}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Event</h3>
        <p className="text-xs text-muted-foreground">As the function received it; fields that look like secrets are redacted.</p>
        <pre
          className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-lg border border-border bg-surface p-3 font-mono text-xs"
          data-testid="job-run-event"
          tabIndex={0}
          role="region"
          aria-label="Event payload"
        >
          {JSON.stringify(run.event, null, 2)}
        </pre>
      </div>
    </section>
  )
}
