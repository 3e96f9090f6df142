import { randomUUID } from 'node:crypto'
import { createLeads, freshNumber } from '../../support/leads'
import { defineScenario, type ScenarioContext } from '../scenario'

/** Two leads of the organization, tagged `spring`, one of them without a phone. */
export async function makeLeads(ctx: Pick<ScenarioContext, 'organizationId'>) {
  const { prisma } = await import('~/utils/db.server')
  const { leads, vertical } = await createLeads(ctx.organizationId, [{ phone: freshNumber() }, { phone: null }])
  await prisma.lead.updateMany({ where: { id: { in: leads.map((lead) => lead.id) } }, data: { tags: ['spring'] } })
  return { leads, vertical }
}

const withFilter = async (ctx: ScenarioContext) => {
  const { data, error } = await ctx.client.POST('/api/v1/lead-filters', { body: { name: `Spring ${randomUUID().slice(0, 6)}`, filter: { tag: 'spring' } } })
  if (!data) throw new Error(`could not save a filter: ${JSON.stringify(error)}`)
  return { filter: data.leadFilter }
}

export const leadScenarios = [
  defineScenario({
    operationId: 'searchLeads',
    setup: makeLeads,
    success: (client) => client.GET('/api/v1/leads', { params: { query: { tag: 'spring', limit: 10 } } }),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/leads', { params: { query: { limit: -1 } } }) },
  }),
  defineScenario({
    operationId: 'getLead',
    setup: makeLeads,
    success: (client, { leads }) => client.GET('/api/v1/leads/{id}', { params: { path: { id: leads[0]!.id } } }),
    error: { status: 404, code: 'lead_not_found', call: (client) => client.GET('/api/v1/leads/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'lead_not_found' },
  }),
  defineScenario({
    operationId: 'dryRunLeads',
    setup: makeLeads,
    success: (client) => client.POST('/api/v1/leads/dry-run', { body: { filter: { tag: 'spring' } } }),
    error: { status: 400, code: 'invalid_filter', call: (client) => client.POST('/api/v1/leads/dry-run', { body: { filter: { zip: '12' } } }) },
    audits: { none: 'a dry run only counts who a filter would reach; it changes nothing' },
  }),
  defineScenario({
    operationId: 'listLeadFilters',
    setup: withFilter,
    success: (client) => client.GET('/api/v1/lead-filters'),
    error: { status: 401, code: 'missing_api_key', call: (_client, _state, ctx) => ctx.anonymous.GET('/api/v1/lead-filters') },
  }),
  defineScenario({
    operationId: 'saveLeadFilter',
    success: (client) => client.POST('/api/v1/lead-filters', { body: { name: 'Absentee', filter: { tag: 'absentee', status: ['new'] } } }),
    error: { status: 422, code: 'empty_filter', call: (client) => client.POST('/api/v1/lead-filters', { body: { name: 'Everyone', filter: {} } }) },
    audits: 'lead_filter.saved',
  }),
  defineScenario({
    operationId: 'deleteLeadFilter',
    setup: withFilter,
    success: (client, { filter }) => client.DELETE('/api/v1/lead-filters/{id}', { params: { path: { id: filter.id } } }),
    error: { status: 404, code: 'lead_filter_not_found', call: (client) => client.DELETE('/api/v1/lead-filters/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'lead_filter_not_found' },
    audits: 'lead_filter.deleted',
  }),
]
