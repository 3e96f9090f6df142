import { describe, expect, it } from 'vitest'
import { leadFilter } from '~/modules/leads/lead-filter'
import { listLeadFilters, searchLeads } from './leads.server'

/** A condition the filter knows but the API's query does not is dropped before parsing, silently: each must be in both. */
describe('the leads API and the lead filter', () => {
  it('take the same conditions', () => {
    const conditions = Object.keys(leadFilter.shape).sort()
    const query = Object.keys(searchLeads.query.shape).filter((k) => k !== 'limit' && k !== 'cursor').sort()
    expect(query).toEqual(conditions)
    const documented = listLeadFilters.responses[200].body.shape.data.element.shape.filter.unwrap().shape
    expect(Object.keys(documented).sort()).toEqual(conditions)
  })
})
