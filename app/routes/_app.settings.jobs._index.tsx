import { parseWithZod } from '@conform-to/zod/v4'
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import { formatDuration } from '~/components/jobs/format-duration'
import { JobFunctions } from '~/components/jobs/job-functions'
import { JobRunStatusBadge } from '~/components/jobs/job-run-status-badge'
import { Button } from '~/components/ui/button'
import { EmptyState } from '~/components/ui/card'
import { FormMessage, Select } from '~/components/ui/field'
import { Pager } from '~/components/ui/pager'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import { describeJobFunctions } from '~/modules/jobs/describe-job-functions.server'
import { jobRunFilterKeys, jobRunFiltersSchema, jobRunStatuses } from '~/modules/jobs/job-run-filters'
import { jobRunViewerOf } from '~/modules/jobs/job-run-viewer.server'
import { listJobRuns } from '~/modules/jobs/list-job-runs.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { cn } from '~/utils/cn'
import { getEnv } from '~/utils/env.server'
import { inngestAppId, servedFunctions } from '~/utils/jobs/served-functions.server'
import { pageSizeSchema } from '~/utils/pagination.server'
import { filterQuery, withParam } from '~/utils/filter-query'

export const meta: MetaFunction = () => [{ title: 'Jobs · Settings · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:job_run:any')
  const overview = describeJobFunctions({ functions: servedFunctions, appId: inngestAppId, env: getEnv() })
  const params = new URL(request.url).searchParams
  const submission = parseWithZod(params, { schema: jobRunFiltersSchema })
  const allSeen = user.role === 'super_admin'
  if (submission.status !== 'success') {
    const filterErrors = Object.values(submission.error ?? {}).flatMap((messages) => messages ?? [])
    return data({ overview, page: null, allSeen, filterErrors }, 400)
  }
  // Under Inngest the runs live there; this installation's tables stay empty.
  const page =
    overview.mode === 'in-process'
      ? await listJobRuns({
          viewer: jobRunViewerOf(user),
          filters: submission.value,
          after: params.get('after'),
          before: params.get('before'),
          pageSize: pageSizeSchema.parse(params.get('size') ?? undefined),
        })
      : null
  return { overview, page, allSeen, filterErrors: [] as string[] }
}


export default function JobRuns() {
  const { overview, page, allSeen, filterErrors } = useLoaderData<typeof loader>()
  const location = useLocation()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === location.pathname
  const filters = filterQuery(location.search, [...jobRunFilterKeys, 'size'])
  const filtered = jobRunFilterKeys.some((key) => filters.has(key))

  return (
    <section aria-labelledby="jobs-heading" className="space-y-4">
      <div>
        <h2 id="jobs-heading" className="text-base font-semibold">
          Job runs
        </h2>
        {overview.mode === 'in-process' ? (
          <p className="text-sm text-muted-foreground">
            Background work (imports, emails, sweeps) run by this installation, newest first.{' '}
            {allSeen ? 'As the platform’s super admin you see every organization’s runs.' : 'Only runs of this organization are listed.'}{' '}
            Retry a failed run from the step that failed, or cancel one that has not finished.
          </p>
        ) : null}
      </div>

      {overview.mode === 'inngest' && overview.dashboard ? (
        <FormMessage tone="info">
          Inngest runs this installation’s jobs, so it keeps no runs of its own here. Follow them on the{' '}
          <a href={overview.dashboard.url} target="_blank" rel="noreferrer" className="underline underline-offset-4">
            {overview.dashboard.label}
          </a>
          , where each function below links.
        </FormMessage>
      ) : (
        <Form method="get" role="search" className="flex flex-wrap items-end gap-3 rounded-lg border border-border bg-surface p-4">
          <div className="min-w-56 flex-1 space-y-1">
            <label htmlFor="jobs-function" className="block text-sm font-medium">
              Function
            </label>
            <Select id="jobs-function" name="function" defaultValue={filters.get('function') ?? ''} key={`f-${location.search}`}>
              <option value="">Any</option>
              {overview.functions.map((fn) => (
                <option key={fn.id} value={fn.id}>
                  {fn.id}
                </option>
              ))}
            </Select>
          </div>
          <div className="min-w-40 space-y-1">
            <label htmlFor="jobs-status" className="block text-sm font-medium">
              Status
            </label>
            <Select id="jobs-status" name="status" defaultValue={filters.get('status') ?? ''} key={`s-${location.search}`}>
              <option value="">Any</option>
              {jobRunStatuses.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" size="sm">
            Apply filters
          </Button>
          {filtered ? (
            <Button asChild variant="ghost" size="sm">
              <Link to="/settings/jobs">Clear</Link>
            </Button>
          ) : null}
        </Form>
      )}

      {filterErrors.length ? <FormMessage tone="error">{filterErrors.join(' ')}</FormMessage> : null}

      {overview.mode === 'in-process' && page ? (
        page.items.length === 0 ? (
          <EmptyState title={filtered ? 'No runs match' : 'No job runs yet'}>
            {filtered ? 'Try another function or status.' : 'Runs appear here as soon as an event starts one.'}
          </EmptyState>
        ) : (
          <div className={cn(loading && 'opacity-60')} aria-busy={loading}>
            <Table label="Job runs" className="min-w-[1040px]">
              <thead>
                <tr>
                  <Th>Function</Th>
                  <Th>Event</Th>
                  {allSeen ? <Th>Organization</Th> : null}
                  <Th>Status</Th>
                  <Th>Attempts</Th>
                  <Th>Created</Th>
                  <Th>Started</Th>
                  <Th>Finished</Th>
                  <Th>Duration</Th>
                  <Th>Error</Th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((run) => (
                  <tr key={run.id} className="hover:bg-muted/50" data-testid="job-run-row">
                    <Td>
                      <Link to={`/settings/jobs/${run.id}`} className="font-mono text-xs underline-offset-4 hover:underline">
                        {run.functionId}
                      </Link>
                    </Td>
                    <Td className="font-mono text-xs">{run.eventName}</Td>
                    {allSeen ? <Td className="text-xs">{run.organization?.name ?? <span className="text-muted-foreground">Platform</span>}</Td> : null}
                    <Td>
                      <JobRunStatusBadge status={run.status} />
                    </Td>
                    <Td className="text-right tabular-nums">{run.attempts}</Td>
                    <Td className="whitespace-nowrap text-xs">
                      <UtcTime value={run.createdAt} precision="second" />
                    </Td>
                    <Td className="whitespace-nowrap text-xs">
                      <UtcTime value={run.startedAt} precision="second" />
                    </Td>
                    <Td className="whitespace-nowrap text-xs">
                      <UtcTime value={run.finishedAt} precision="second" />
                    </Td>
                    <Td className="whitespace-nowrap text-xs tabular-nums">{formatDuration(run.durationMs)}</Td>
                    <Td className="max-w-xs truncate text-xs text-danger" title={run.error ?? undefined}>
                      {run.error ?? ''}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )
      ) : null}

      {page ? (
        <Pager
          newerHref={page.prevCursor ? withParam(filters, 'before', page.prevCursor) : null}
          olderHref={page.nextCursor ? withParam(filters, 'after', page.nextCursor) : null}
        />
      ) : null}

      <div className="space-y-2 pt-2">
        <h3 className="text-sm font-semibold">Functions this app serves</h3>
        <JobFunctions functions={overview.functions} dashboardLabel={overview.dashboard?.label ?? null} />
      </div>
    </section>
  )
}
