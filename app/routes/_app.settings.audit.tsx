import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation, useNavigation, useSubmit } from '@remix-run/react'
import { Badge } from '~/components/ui/badge'
import { Button } from '~/components/ui/button'
import { Pager } from '~/components/ui/pager'
import { EmptyState } from '~/components/ui/card'
import { Field, FormMessage, Input, Select } from '~/components/ui/field'
import { Table, Td, Th } from '~/components/ui/table'
import { UtcTime } from '~/components/ui/utc-time'
import type { AuditEntryRow } from '~/modules/audit/audit-entry-row.server'
import { auditActorTypes, auditFilterKeys, auditFiltersSchema, type AuditFilters } from '~/modules/audit/audit-filters'
import { listAuditActions } from '~/modules/audit/list-audit-actions.server'
import { listAuditEntries } from '~/modules/audit/list-audit-entries.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { cn } from '~/utils/cn'
import { pageSizeSchema } from '~/utils/pagination.server'
import { filterQuery, withParam } from '~/utils/filter-query'

export const meta: MetaFunction = () => [{ title: 'Audit log · Settings · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:audit:any')
  const organizationId = user.organization.id
  const params = new URL(request.url).searchParams
  const submission = parseWithZod(params, { schema: auditFiltersSchema })
  const actions = await listAuditActions({ organizationId })
  if (submission.status !== 'success') {
    return data({ result: submission.reply(), page: null, actions }, 400)
  }
  const page = await listAuditEntries({
    organizationId,
    filters: submission.value,
    after: params.get('after'),
    before: params.get('before'),
    pageSize: pageSizeSchema.parse(params.get('size') ?? undefined),
  })
  return { result: submission.reply(), page, actions }
}


const actorTones = { user: 'accent', api_key: 'warning', system: 'neutral' } as const
const actorTypeLabels = Object.fromEntries(auditActorTypes.map((t) => [t.value, t.label])) as Record<string, string>

/** A long id cut short by CSS only: hovering shows it, copying it copies all of it. */
function ShortId({ id }: { id: string }) {
  return (
    <span className="inline-block max-w-[10ch] truncate align-bottom font-mono" title={id}>
      {id}
    </span>
  )
}

function SummaryCell({ summary }: { summary: AuditEntryRow['summary'] }) {
  const keys = summary && typeof summary === 'object' && !Array.isArray(summary) ? Object.keys(summary) : null
  if (summary === null || keys?.length === 0) return <span className="text-muted-foreground">—</span>
  return (
    <details className="max-w-md">
      <summary className="cursor-pointer select-none text-xs text-muted-foreground hover:text-foreground">
        {keys ? keys.join(', ') : 'Details'}
      </summary>
      <pre className="mt-2 max-h-64 overflow-auto whitespace-pre-wrap break-all rounded bg-muted p-2 font-mono text-xs">
        {JSON.stringify(summary, null, 2)}
      </pre>
    </details>
  )
}

type FilterFormProps = {
  result: SubmissionResult<string[]>
  actions: string[]
  search: string
  canExport: boolean
}

function FilterForm({ result, actions, search, canExport }: FilterFormProps) {
  const submit = useSubmit()
  const [form, fields] = useForm<AuditFilters>({
    id: 'audit-filters',
    lastResult: result,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: auditFiltersSchema }),
    // Only the filters in use go into the URL, so links stay short and shareable.
    onSubmit(event, { formData }) {
      event.preventDefault()
      const query = new URLSearchParams()
      for (const [key, value] of formData) if (typeof value === 'string' && value.trim()) query.set(key, value.trim())
      const size = new URLSearchParams(search).get('size')
      if (size) query.set('size', size)
      submit(query, { method: 'get', preventScrollReset: true })
    },
  })
  const filters = filterQuery(search, [...auditFilterKeys, 'size'])
  const filtered = auditFilterKeys.some((key) => filters.has(key))
  const exportQuery = new URLSearchParams(filters)
  exportQuery.delete('size')

  return (
    <Form method="get" {...getFormProps(form)} className="rounded-lg border border-border bg-surface p-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Action" hint="Exact, or a prefix ending in “.” (user.)" errors={fields.action.errors}>
          {(ids) => (
            <Input
              {...getInputProps(fields.action, { type: 'text' })}
              {...ids}
              key={fields.action.key}
              list="audit-actions"
              placeholder="e.g. user."
              autoComplete="off"
            />
          )}
        </Field>
        <datalist id="audit-actions">
          {actions.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
        <Field label="Actor type" errors={fields.actorType.errors}>
          {(ids) => (
            <Select {...getSelectProps(fields.actorType)} {...ids} key={fields.actorType.key}>
              <option value="">Any</option>
              {auditActorTypes.map((type) => (
                <option key={type.value} value={type.value}>
                  {type.label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Actor" hint="Email, key name or id" errors={fields.actor.errors}>
          {(ids) => <Input {...getInputProps(fields.actor, { type: 'text' })} {...ids} key={fields.actor.key} />}
        </Field>
        <Field label="Search" hint="Action, actor or target id" errors={fields.q.errors}>
          {(ids) => <Input {...getInputProps(fields.q, { type: 'search' })} {...ids} key={fields.q.key} />}
        </Field>
        <Field label="Target type" errors={fields.targetType.errors}>
          {(ids) => (
            <Input {...getInputProps(fields.targetType, { type: 'text' })} {...ids} key={fields.targetType.key} placeholder="e.g. lead" />
          )}
        </Field>
        <Field label="Target id" errors={fields.targetId.errors}>
          {(ids) => <Input {...getInputProps(fields.targetId, { type: 'text' })} {...ids} key={fields.targetId.key} />}
        </Field>
        <Field label="From (UTC)" errors={fields.from.errors}>
          {(ids) => <Input {...getInputProps(fields.from, { type: 'date' })} {...ids} key={fields.from.key} />}
        </Field>
        <Field label="To (UTC, inclusive)" errors={fields.to.errors}>
          {(ids) => <Input {...getInputProps(fields.to, { type: 'date' })} {...ids} key={fields.to.key} />}
        </Field>
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm">
          Apply filters
        </Button>
        {filtered ? (
          <Button asChild variant="ghost" size="sm">
            <Link to="/settings/audit">Clear</Link>
          </Button>
        ) : null}
        {canExport ? (
          <Button asChild variant="secondary" size="sm" className="ml-auto">
            {/* A document request, not a client navigation: the browser downloads the file. */}
            <a href={`/settings/audit.csv${exportQuery.size ? `?${exportQuery}` : ''}`} download>
              Download CSV
            </a>
          </Button>
        ) : null}
      </div>
    </Form>
  )
}

export default function AuditLog() {
  const { result, page, actions } = useLoaderData<typeof loader>()
  const location = useLocation()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === location.pathname
  const filters = filterQuery(location.search, [...auditFilterKeys, 'size'])
  const filtered = auditFilterKeys.some((key) => filters.has(key))

  return (
    <div className="space-y-4">
      {/* A new URL is a new submission: remount so the fields show what the server parsed. */}
      <FilterForm
        key={location.search}
        result={result}
        actions={actions}
        search={location.search}
        canExport={Boolean(page)}
      />

      {!page ? (
        <FormMessage tone="error">Fix the filters above to see entries.</FormMessage>
      ) : page.items.length === 0 ? (
        <EmptyState title="No entries match">
          {filtered ? 'Try wider dates or fewer filters.' : 'Changes made in this organization will be listed here.'}
        </EmptyState>
      ) : (
        <div className={cn(loading && 'opacity-60')} aria-busy={loading}>
          <Table label="Audit log entries" className="min-w-[960px]">
            <thead>
              <tr>
                <Th>Time</Th>
                <Th>Actor</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>Request id</Th>
                <Th>IP</Th>
                <Th>Summary</Th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((entry) => (
                <tr key={entry.id} className="hover:bg-muted/50" data-testid="audit-row">
                  <Td className="whitespace-nowrap">
                    <UtcTime value={entry.createdAt} precision="second" />
                  </Td>
                  <Td>
                    <div className="flex items-center gap-2">
                      <Badge tone={actorTones[entry.actor.type]} className="whitespace-nowrap">{actorTypeLabels[entry.actor.type]}</Badge>
                      <span className="break-words" title={entry.actor.id ?? undefined}>
                        {entry.actor.label}
                      </span>
                    </div>
                    {entry.actor.impersonatorId ? (
                      <p className="mt-1 text-xs text-muted-foreground">impersonated by {entry.actor.impersonatorId}</p>
                    ) : null}
                  </Td>
                  <Td className="font-mono text-xs">{entry.action}</Td>
                  <Td className="text-xs">
                    {entry.target ? (
                      <>
                        <span className="text-muted-foreground">{entry.target.type}</span>{' '}
                        {entry.target.id ? (
                          <Link
                            to={`?targetId=${encodeURIComponent(entry.target.id)}`}
                            className="underline-offset-4 hover:underline"
                            aria-label={`Only entries for ${entry.target.type} ${entry.target.id}`}
                          >
                            <ShortId id={entry.target.id} />
                          </Link>
                        ) : null}
                      </>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </Td>
                  <Td className="text-xs">{entry.requestId ? <ShortId id={entry.requestId} /> : '—'}</Td>
                  <Td className="whitespace-nowrap font-mono text-xs">{entry.ip ?? '—'}</Td>
                  <Td>
                    <SummaryCell summary={entry.summary} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}

      {page ? (
        <Pager
          newerHref={page.prevCursor ? withParam(filters, 'before', page.prevCursor) : null}
          olderHref={page.nextCursor ? withParam(filters, 'after', page.nextCursor) : null}
        />
      ) : null}
    </div>
  )
}
