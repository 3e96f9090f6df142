import { Form, Link } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { ErrorList, FormMessage, Input } from '~/components/ui/field'
import type { SavedLeadFilterView } from '~/modules/leads/saved-lead-filters.server'
import { cn } from '~/utils/cn'

/**
 * The organization's saved filters as links (one click applies one), and,
 * for people who may, saving the filter on screen under a name and deleting
 * a saved one.
 */
export function SavedFilters({
  saved,
  currentQuery,
  canWrite,
  answer,
}: {
  saved: SavedLeadFilterView[]
  currentQuery: string
  canWrite: boolean
  answer: { intent: 'save-filter' | 'delete-filter'; error: string | null; name?: string } | null
}) {
  if (!saved.length && !(canWrite && currentQuery)) return null
  return (
    <section aria-label="Saved filters" className="mb-4 space-y-2" data-testid="saved-filters">
      {saved.length ? (
        <ul className="flex flex-wrap gap-2">
          {saved.map((filter) => (
            <li key={filter.id} className="flex items-center gap-1">
              {filter.query === null ? (
                <span className="rounded border border-dashed border-border px-2 py-1 text-xs text-muted-foreground" title="This filter no longer parses; delete it and save it again">
                  {filter.name} (no longer valid)
                </span>
              ) : (
                <Link
                  to={`/leads?${filter.query}`}
                  aria-current={filter.query === currentQuery ? 'true' : undefined}
                  className={cn('rounded border border-border px-2 py-1 text-xs hover:bg-muted', filter.query === currentQuery && 'bg-accent text-accent-foreground')}
                >
                  {filter.name}
                </Link>
              )}
              {canWrite ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="delete-filter" />
                  <input type="hidden" name="filterId" value={filter.id} />
                  <Button type="submit" variant="ghost" size="sm" aria-label={`Delete the saved filter ${filter.name}`}>
                    ×
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canWrite && currentQuery ? (
        <Form method="post" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="save-filter" />
          <input type="hidden" name="query" value={currentQuery} />
          <label className="space-y-1 text-xs">
            <span className="block font-medium">Save these filters as</span>
            <Input name="name" required maxLength={80} defaultValue={answer?.intent === 'save-filter' && answer.error ? (answer.name ?? '') : ''} placeholder="Austin absentee owners" />
          </label>
          <Button type="submit" size="sm" variant="secondary">
            Save filter
          </Button>
          {answer?.intent === 'save-filter' && answer.error ? <ErrorList errors={[answer.error]} /> : null}
        </Form>
      ) : null}
      {answer?.intent === 'save-filter' && !answer.error ? <FormMessage tone="success">Saved “{answer.name}”.</FormMessage> : null}
    </section>
  )
}
