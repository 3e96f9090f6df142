import { Form, Link } from '@remix-run/react'
import { Button } from '~/components/ui/button'
import { ErrorList, Input, Select } from '~/components/ui/field'
import { CONSENT_STANDINGS } from '~/modules/compliance/consent-rules'
import { LEAD_STATUSES, type LeadFilter } from '~/modules/leads/lead-filter'
import type { LeadOrder } from '~/modules/leads/list-leads.server'
import { CONSENT_LABELS } from './consent-labels'

/**
 * The lead grid's filters, as a GET form: the URL holds the filter, so a
 * filtered view can be bookmarked, shared and paged (the pager keeps it).
 */
export function LeadFilterBar({ filter, errors, order = 'newest' }: { filter: LeadFilter; errors: Record<string, string[]> | null; order?: LeadOrder }) {
  const status = filter.status?.join(',') ?? ''
  const consent = filter.consent?.join(',') ?? ''
  // Conditions this bar has no field for (set by a saved filter or a link): kept, so applying the bar narrows, never widens.
  const kept = (['grade', 'verticalId', 'importFileId', 'yearBuiltMin', 'yearBuiltMax', 'equityPercentMin', 'contactedWithinDays'] as const).flatMap((key) => {
    const value = filter[key]
    return value === undefined || (Array.isArray(value) && !value.length) ? [] : [[key, Array.isArray(value) ? value.join(',') : String(value)] as const]
  })
  const active = errors !== null || Object.values(filter).some((v) => v !== undefined && !(Array.isArray(v) && v.length === 0))
  return (
    <Form method="get" role="search" aria-label="Filter leads" className="mb-4 grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8" data-testid="lead-filters">
      {kept.map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      {/* The grid's order is no filter, but applying the bar keeps it. */}
      {order === 'newest' ? null : <input type="hidden" name="sort" value={order} />}
      <label className="col-span-2 space-y-1 text-xs">
        <span className="block font-medium">Name or address</span>
        <Input name="q" type="search" defaultValue={filter.q ?? ''} placeholder="Jon Smth, 12 Oak" maxLength={100} />
      </label>
      <label className="space-y-1 text-xs">
        <span className="block font-medium">Status</span>
        <Select name="status" defaultValue={status}>
          <option value="">Any</option>
          {LEAD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          {(filter.status?.length ?? 0) > 1 ? <option value={status}>{filter.status!.join(' or ')}</option> : null}
        </Select>
      </label>
      <label className="space-y-1 text-xs">
        <span className="block font-medium">State</span>
        <Input name="state" defaultValue={filter.state ?? ''} placeholder="TX" maxLength={2} autoCapitalize="characters" />
      </label>
      <label className="space-y-1 text-xs">
        <span className="block font-medium">City</span>
        <Input name="city" defaultValue={filter.city ?? ''} maxLength={80} />
      </label>
      <label className="space-y-1 text-xs">
        <span className="block font-medium">ZIP</span>
        <Input name="zip" defaultValue={filter.zip ?? ''} inputMode="numeric" maxLength={5} />
      </label>
      <label className="space-y-1 text-xs">
        <span className="block font-medium">Tag</span>
        <Input name="tag" defaultValue={filter.tag ?? ''} maxLength={60} />
      </label>
      <label className="space-y-1 text-xs">
        <span className="block font-medium">Phone</span>
        <Select name="hasMobile" defaultValue={filter.hasMobile === undefined ? '' : String(filter.hasMobile)}>
          <option value="">Any</option>
          <option value="true">Has a mobile</option>
          <option value="false">No mobile</option>
        </Select>
      </label>
      <label className="space-y-1 text-xs">
        <span className="block font-medium">Not texted in</span>
        <Select name="notContactedForDays" defaultValue={filter.notContactedForDays === undefined ? '' : String(filter.notContactedForDays)}>
          <option value="">Any time</option>
          {[30, 90, 365].includes(filter.notContactedForDays ?? 0) || filter.notContactedForDays === undefined ? null : (
            <option value={filter.notContactedForDays}>{filter.notContactedForDays} days</option>
          )}
          <option value="30">30 days</option>
          <option value="90">90 days</option>
          <option value="365">a year</option>
        </Select>
      </label>
      <label className="space-y-1 text-xs">
        <span className="block font-medium">Consent (send number)</span>
        <Select name="consent" defaultValue={consent}>
          <option value="">Any</option>
          {CONSENT_STANDINGS.map((c) => (
            <option key={c} value={c}>
              {CONSENT_LABELS[c]}
            </option>
          ))}
          {(filter.consent?.length ?? 0) > 1 ? <option value={consent}>{filter.consent!.map((c) => CONSENT_LABELS[c]).join(' or ')}</option> : null}
        </Select>
      </label>
      <div className="col-span-2 flex items-end gap-2 sm:col-span-4 lg:col-span-8">
        <Button type="submit" size="sm">
          Apply filters
        </Button>
        {active ? (
          <Link to={order === 'newest' ? '/leads' : `/leads?sort=${order}`} className="text-sm underline underline-offset-2">
            Clear filters
          </Link>
        ) : null}
        {errors ? <ErrorList errors={Object.entries(errors).map(([field, messages]) => `${field}: ${messages.join(' ')}`)} /> : null}
      </div>
    </Form>
  )
}
