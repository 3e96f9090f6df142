import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { randomUUID } from 'node:crypto'
import { useState } from 'react'
import { z } from 'zod'
import { SendToSelection } from '~/components/messaging/send-to-selection'
import { MAX_BODY_LENGTH, queueSends } from '~/modules/messaging/queue-sends.server'
import { isAppError } from '~/utils/app-error'
import { actorForUser } from '~/utils/auth.server'
import { Pager } from '~/components/ui/pager'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { LeadFilterBar } from '~/components/leads/lead-filter-bar'
import { isEmptyLeadFilter, leadFilter, leadFilterParams } from '~/modules/leads/lead-filter'
import { listLeads, parseLeadOrder, type LeadOrder, type LeadTotal } from '~/modules/leads/list-leads.server'
import { LeadGrid, leadStatusStyles } from '~/components/leads/lead-grid'
import { deleteSavedLeadFilter, listSavedLeadFilters, saveLeadFilter } from '~/modules/leads/saved-lead-filters.server'
import { SavedFilters } from '~/components/leads/saved-filters'
import { AudienceDryRunPanel } from '~/components/leads/audience-dry-run'
import { dryRunAudience } from '~/modules/leads/dry-run-audience.server'
import { requireUserWithPermission } from '~/utils/auth.server'
import { userHasPermission } from '~/utils/permissions'
import { cn } from '~/utils/cn'
import { pageSizeSchema } from '~/utils/pagination.server'

export const meta: MetaFunction = () => [{ title: 'Leads · esd.quest' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:lead:any')
  const params = new URL(request.url).searchParams
  // A filter that does not parse shows its reasons and the unfiltered list, rather than an error page.
  const parsed = leadFilter.safeParse(Object.fromEntries(params))
  const filter = parsed.success ? parsed.data : {}
  // Newest first unless the URL says otherwise; kept in the URL with the filter.
  const order = parseLeadOrder(params.get('sort'))
  const pageSize = pageSizeSchema.parse(params.get('size') ?? undefined)
  const page = await listLeads({
    organizationId: user.organization.id,
    showFullPhoneNumbers: userHasPermission(user, 'read:phone:any'),
    after: params.get('after'),
    before: params.get('before'),
    pageSize,
    filter,
    order,
  })
  return {
    ...page,
    order,
    // A page size asked for in the URL stays on the pager's and the sort's links.
    sizeQuery: params.has('size') ? `size=${pageSize}` : '',
    filter,
    filterQuery: leadFilterParams(filter).toString(),
    filterErrors: parsed.success ? null : (z.flattenError(parsed.error).fieldErrors as Record<string, string[]>),
    savedFilters: await listSavedLeadFilters(user.organization.id),
    canSaveFilters: userHasPermission(user, 'write:lead:any'),
    canSend: userHasPermission(user, 'send:message:any'),
    // A fresh key per page view: a double submit of the same form queues one batch.
    sendKey: randomUUID(),
  }
}

const sendSchema = z.object({
  leadId: z.array(z.uuid(), { error: 'Choose at least one lead.' }).min(1, 'Choose at least one lead.').max(500),
  body: z.string({ error: 'Write the message.' }).trim().min(1, 'Write the message.').max(MAX_BODY_LENGTH, `At most ${MAX_BODY_LENGTH} characters.`),
  idempotencyKey: z.uuid(),
})

/** Saves the filter on screen under a name, or deletes a saved one (intent), for people who may change leads. */
async function savedFilterAction(form: FormData, request: Request, context: ActionFunctionArgs['context']) {
  const user = await requireUserWithPermission(request, 'write:lead:any')
  const actor = actorForUser(user, request, context)
  const intent = form.get('intent') === 'delete-filter' ? 'delete-filter' : 'save-filter'
  const name = String(form.get('name') ?? '')
  try {
    if (intent === 'delete-filter') {
      await deleteSavedLeadFilter({ organizationId: user.organization.id, actor, filterId: z.uuid().parse(form.get('filterId')) })
      return { savedFilter: { intent, error: null } }
    }
    const filter = leadFilter.parse(Object.fromEntries(new URLSearchParams(String(form.get('query') ?? ''))))
    const saved = await saveLeadFilter({ organizationId: user.organization.id, actor, name, filter })
    return { savedFilter: { intent, error: null, name: saved.name } }
  } catch (error) {
    if (isAppError(error) && error.status < 500) return data({ savedFilter: { intent, error: error.message, name } }, error.status)
    if (error instanceof z.ZodError) return data({ savedFilter: { intent, error: 'That filter does not parse.', name } }, 400)
    throw error
  }
}

/** Sends the message to the chosen leads through the gate, then shows the send (who got it, who was blocked and why). */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData()
  if (form.get('intent') === 'save-filter' || form.get('intent') === 'delete-filter') return savedFilterAction(form, request, context)
  if (form.get('intent') === 'dry-run') {
    const user = await requireUserWithPermission(request, 'read:lead:any')
    const filter = leadFilter.safeParse(Object.fromEntries(new URLSearchParams(String(form.get('query') ?? ''))))
    if (!filter.success) return data({ dryRun: null }, 400)
    return { dryRun: await dryRunAudience({ organizationId: user.organization.id, filter: filter.data }) }
  }
  const user = await requireUserWithPermission(request, 'send:message:any')
  const submission = parseWithZod(form, { schema: sendSchema })
  if (submission.status !== 'success') return data(submission.reply(), 400)
  try {
    const batch = await queueSends({
      organizationId: user.organization.id,
      actor: actorForUser(user, request, context),
      purpose: 'marketing',
      body: submission.value.body,
      leadIds: submission.value.leadId,
      idempotencyKey: submission.value.idempotencyKey,
    })
    return redirect(`/sends/${batch.batchId}`)
  } catch (error) {
    if (isAppError(error) && error.status < 500) return data(submission.reply({ formErrors: [error.message] }), error.status)
    throw error
  }
}

function describeTotal(total: LeadTotal, filtered: boolean) {
  const count = total.count.toLocaleString('en-US')
  const where = filtered ? 'match these filters' : 'in this organization'
  if (total.kind === 'about') return `About ${count} leads ${where}`
  if (total.kind === 'more-than') return `More than ${count} leads ${where}`
  return `${count} ${total.count === 1 ? (filtered ? 'lead matches these filters' : 'lead in this organization') : `leads ${where}`}`
}

export default function Leads() {
  const page = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading' && navigation.location.pathname === '/leads'
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  const allOnPage = page.items.length > 0 && page.items.every((lead) => selected.has(lead.id))
  const filtered = !isEmptyLeadFilter(page.filter)
  const sendResult = lastResult && !('savedFilter' in lastResult) && !('dryRun' in lastResult) ? lastResult : undefined
  // The sort and the filter go with every page link; a new order starts again at its first page.
  const sortQuery = page.order === 'newest' ? '' : `sort=${page.order}`
  const keep = [sortQuery, page.sizeQuery, page.filterQuery].filter(Boolean).map((q) => `&${q}`).join('')
  const previousHref = page.prevCursor ? `?before=${page.prevCursor}${keep}` : null
  const nextHref = page.nextCursor ? `?after=${page.nextCursor}${keep}` : null
  const orderHref = (order: LeadOrder) => {
    const query = [order === 'newest' ? '' : `sort=${order}`, page.sizeQuery, page.filterQuery].filter(Boolean).join('&')
    return query ? `?${query}` : '/leads'
  }
  return (
    <>
      <PageHeader
        title="Leads"
        description={describeTotal(page.total, filtered)}
        actions={
          page.items.length && !page.filterErrors ? (
            <a href={`/leads.csv${page.filterQuery ? `?${page.filterQuery}` : ''}`} className="text-sm underline underline-offset-2" download>
              Download CSV
            </a>
          ) : null
        }
      />
      <SavedFilters
        saved={page.savedFilters}
        currentQuery={page.filterErrors ? '' : page.filterQuery}
        canWrite={page.canSaveFilters}
        answer={lastResult && 'savedFilter' in lastResult ? (lastResult.savedFilter as Parameters<typeof SavedFilters>[0]['answer']) : null}
      />
      {/* A filter with errors is shown over every lead: nothing acts on that. */}
      {page.filterErrors ? null : <AudienceDryRunPanel currentQuery={page.filterQuery} result={lastResult && 'dryRun' in lastResult ? lastResult.dryRun : null} />}
      <LeadFilterBar key={page.filterQuery} filter={page.filter} errors={page.filterErrors} order={page.order} />
      {page.items.length === 0 ? (
        filtered ? (
          <EmptyState title="No lead matches these filters">Loosen a filter, or clear them all.</EmptyState>
        ) : (
          <EmptyState title="No leads yet">Leads appear here once a lead file is imported.</EmptyState>
        )
      ) : (
        <Form method="post" className={cn('space-y-4', loading && 'opacity-60')} aria-busy={loading}>
          {page.canSend ? (
            <SendToSelection selectedCount={selected.size} sendKey={page.sendKey} lastResult={sendResult} onClear={() => setSelected(new Set())} />
          ) : null}
          {/* Phones get cards; the table (which carries the form's checkboxes) is for wider screens. */}
          {page.canSend ? (
            <label className="flex items-center gap-2 text-sm sm:hidden">
              <input
                type="checkbox"
                checked={allOnPage}
                onChange={(event) => page.items.forEach((lead) => toggle(lead.id, event.currentTarget.checked))}
                className="size-5 accent-primary"
              />
              Select every lead on this page
            </label>
          ) : null}
          <ul className="space-y-2 sm:hidden" aria-label="Leads" data-testid="lead-cards">
            {page.items.map((lead) => (
              <li key={lead.id} className="flex items-start gap-3 rounded border border-border bg-surface p-3" data-testid="lead-card">
                {page.canSend ? (
                  <input
                    type="checkbox"
                    aria-label={`Select ${lead.name}`}
                    checked={selected.has(lead.id)}
                    onChange={(event) => toggle(lead.id, event.currentTarget.checked)}
                    className="mt-1 size-5 accent-primary"
                  />
                ) : null}
                <div className="min-w-0 flex-1 space-y-1">
                  <Link to={`/leads/${lead.id}`} className="block truncate font-medium underline-offset-2 hover:underline">
                    {lead.name}
                  </Link>
                  <p className="font-mono text-xs">{lead.phone ?? 'No phone'}</p>
                  <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                    <span>
                      {lead.city}, {lead.state}
                    </span>
                    <span className={cn('rounded px-2 py-0.5 capitalize', leadStatusStyles[lead.status])}>{lead.status}</span>
                    {lead.grade ? <span>grade {lead.grade}</span> : null}
                  </p>
                </div>
              </li>
            ))}
          </ul>
          <div className="hidden sm:block">
            <LeadGrid
              leads={page.items}
              canSelect={page.canSend}
              selected={selected}
              onSelectedChange={setSelected}
              order={page.order}
              orderHref={orderHref}
            />
          </div>
        </Form>
      )}
      <div className="mt-4">
        {/* `after` continues in the order shown: to older leads newest first, to newer ones oldest first. */}
        <Pager
          oldestFirst={page.order === 'oldest'}
          newerHref={page.order === 'oldest' ? nextHref : previousHref}
          olderHref={page.order === 'oldest' ? previousHref : nextHref}
        />
      </div>
    </>
  )
}
