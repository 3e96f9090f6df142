import { randomUUID } from 'node:crypto'
import type { EsdClient } from '~/api/client'
import { defineScenario, type ScenarioContext } from '../scenario'
import { makeLeads } from './leads'
import { makeTemplate } from './templates'

const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], windowStart: '00:00', windowEnd: '23:59', timeZone: 'UTC' }

/** A draft campaign of the organization's `spring` leads, with a saved filter and a template, all made through the API. */
export async function makeDraft(ctx: ScenarioContext) {
  await makeLeads(ctx)
  const filter = await ctx.client.POST('/api/v1/lead-filters', { body: { name: `Spring ${randomUUID().slice(0, 6)}`, filter: { tag: 'spring' } } })
  if (!filter.data) throw new Error(`could not save a filter: ${JSON.stringify(filter.error)}`)
  const template = await makeTemplate(ctx.client)
  const input = { name: `Spring sellers ${randomUUID().slice(0, 6)}`, savedFilterId: filter.data.leadFilter.id, templateIds: [template.id], senderName: 'Sam', throttlePerMinute: 6000, ...ALWAYS }
  const { data, error } = await ctx.client.POST('/api/v1/campaigns', { body: input })
  if (!data) throw new Error(`could not create a campaign: ${JSON.stringify(error)}`)
  return { campaign: data.campaign, input }
}

const launch = (client: EsdClient, id: string) => client.POST('/api/v1/campaigns/{id}/launch', { params: { path: { id } } })
const pause = (client: EsdClient, id: string) => client.POST('/api/v1/campaigns/{id}/pause', { params: { path: { id } }, body: { reason: 'Checking the replies' } })

async function launched(ctx: ScenarioContext) {
  const draft = await makeDraft(ctx)
  const { response } = await launch(ctx.client, draft.campaign.id)
  if (response.status !== 200) throw new Error(`launching answered ${response.status}`)
  return draft
}

const path = (id: string) => ({ params: { path: { id } } })
const unknown = () => path(randomUUID())

export const campaignScenarios = [
  defineScenario({
    operationId: 'listCampaigns',
    setup: makeDraft,
    success: (client) => client.GET('/api/v1/campaigns', { params: { query: { status: 'draft' } } }),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/campaigns', { params: { query: { status: 'sideways' as 'draft' } } }) },
  }),
  defineScenario({
    operationId: 'createCampaign',
    setup: async (ctx) => {
      const { input } = await makeDraft(ctx)
      return { input: { ...input, name: `Another ${randomUUID().slice(0, 6)}` } }
    },
    success: (client, { input }) => client.POST('/api/v1/campaigns', { body: input }),
    error: { status: 422, code: 'invalid_campaign', call: (client, { input }) => client.POST('/api/v1/campaigns', { body: { ...input, savedFilterId: randomUUID() } }) },
    audits: 'campaign.created',
  }),
  defineScenario({
    operationId: 'getCampaign',
    setup: makeDraft,
    success: (client, { campaign }) => client.GET('/api/v1/campaigns/{id}', path(campaign.id)),
    error: { status: 404, code: 'campaign_not_found', call: (client) => client.GET('/api/v1/campaigns/{id}', unknown()) },
    foreign: { code: 'campaign_not_found' },
  }),
  defineScenario({
    operationId: 'updateCampaign',
    setup: makeDraft,
    success: (client, { campaign, input }) => client.PUT('/api/v1/campaigns/{id}', { ...path(campaign.id), body: { ...input, throttlePerMinute: 60 } }),
    error: {
      status: 409,
      code: 'campaign_not_draft',
      call: async (client, { campaign, input }) => {
        await launch(client, campaign.id)
        return client.PUT('/api/v1/campaigns/{id}', { ...path(campaign.id), body: input })
      },
    },
    foreign: { code: 'campaign_not_found' },
    audits: 'campaign.updated',
  }),
  defineScenario({
    operationId: 'deleteCampaign',
    setup: makeDraft,
    success: (client, { campaign }) => client.DELETE('/api/v1/campaigns/{id}', path(campaign.id)),
    error: {
      status: 409,
      code: 'campaign_not_draft',
      call: async (client, { campaign }) => {
        await launch(client, campaign.id)
        return client.DELETE('/api/v1/campaigns/{id}', path(campaign.id))
      },
    },
    foreign: { code: 'campaign_not_found' },
    audits: 'campaign.deleted',
  }),
  defineScenario({
    operationId: 'dryRunCampaign',
    setup: makeDraft,
    success: (client, { campaign }) => client.POST('/api/v1/campaigns/{id}/dry-run', path(campaign.id)),
    error: { status: 404, code: 'campaign_not_found', call: (client) => client.POST('/api/v1/campaigns/{id}/dry-run', unknown()) },
    foreign: { code: 'campaign_not_found' },
    audits: { none: 'a dry run only counts who the campaign would reach and why others would be blocked; it changes nothing' },
  }),
  defineScenario({
    operationId: 'previewCampaign',
    setup: makeDraft,
    success: (client, { campaign }) => client.GET('/api/v1/campaigns/{id}/preview', path(campaign.id)),
    error: { status: 404, code: 'campaign_not_found', call: (client) => client.GET('/api/v1/campaigns/{id}/preview', unknown()) },
    foreign: { code: 'campaign_not_found' },
  }),
  defineScenario({
    operationId: 'launchCampaign',
    setup: makeDraft,
    success: (client, { campaign }) => launch(client, campaign.id),
    error: {
      status: 409,
      code: 'campaign_not_draft',
      call: async (client, { campaign }) => {
        await launch(client, campaign.id)
        return launch(client, campaign.id)
      },
    },
    foreign: { code: 'campaign_not_found' },
    audits: 'campaign.launched',
  }),
  defineScenario({
    operationId: 'pauseCampaign',
    setup: launched,
    success: (client, { campaign }) => pause(client, campaign.id),
    error: { status: 409, code: 'campaign_wrong_state', call: async (client, { campaign }) => (await pause(client, campaign.id), pause(client, campaign.id)) },
    foreign: { code: 'campaign_not_found' },
    audits: 'campaign.paused',
  }),
  defineScenario({
    operationId: 'resumeCampaign',
    setup: async (ctx) => {
      const draft = await launched(ctx)
      await pause(ctx.client, draft.campaign.id)
      return draft
    },
    success: (client, { campaign }) => client.POST('/api/v1/campaigns/{id}/resume', path(campaign.id)),
    error: {
      status: 409,
      code: 'campaign_wrong_state',
      call: async (client, { campaign }) => (await client.POST('/api/v1/campaigns/{id}/resume', path(campaign.id)), client.POST('/api/v1/campaigns/{id}/resume', path(campaign.id))),
    },
    foreign: { code: 'campaign_not_found' },
    audits: 'campaign.resumed',
  }),
  defineScenario({
    operationId: 'cancelCampaign',
    setup: launched,
    success: (client, { campaign }) => client.POST('/api/v1/campaigns/{id}/cancel', path(campaign.id)),
    error: {
      status: 409,
      code: 'campaign_wrong_state',
      call: async (client, { campaign }) => (await client.POST('/api/v1/campaigns/{id}/cancel', path(campaign.id)), client.POST('/api/v1/campaigns/{id}/cancel', path(campaign.id))),
    },
    foreign: { code: 'campaign_not_found' },
    audits: 'campaign.cancelled',
  }),
]

const crusadeInput = (name = `Q1 ${randomUUID().slice(0, 6)}`) => ({ name, ...ALWAYS, throttlePerMinute: 60 })

async function makeCrusade(client: EsdClient) {
  const { data, error } = await client.POST('/api/v1/crusades', { body: crusadeInput() })
  if (!data) throw new Error(`could not create a crusade: ${JSON.stringify(error)}`)
  return data.crusade
}
const withCrusade = async ({ client }: ScenarioContext) => ({ crusade: await makeCrusade(client) })

export const crusadeScenarios = [
  defineScenario({
    operationId: 'listCrusades',
    setup: withCrusade,
    success: (client) => client.GET('/api/v1/crusades'),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/crusades', { params: { query: { limit: 0 } } }) },
  }),
  defineScenario({
    operationId: 'createCrusade',
    success: (client) => client.POST('/api/v1/crusades', { body: crusadeInput() }),
    error: {
      status: 409,
      code: 'crusade_name_taken',
      call: async (client) => (await client.POST('/api/v1/crusades', { body: crusadeInput('Taken') }), client.POST('/api/v1/crusades', { body: crusadeInput('Taken') })),
    },
    audits: 'crusade.created',
  }),
  defineScenario({
    operationId: 'getCrusade',
    setup: withCrusade,
    success: (client, { crusade }) => client.GET('/api/v1/crusades/{id}', path(crusade.id)),
    error: { status: 404, code: 'crusade_not_found', call: (client) => client.GET('/api/v1/crusades/{id}', unknown()) },
    foreign: { code: 'crusade_not_found' },
  }),
  defineScenario({
    operationId: 'updateCrusade',
    setup: withCrusade,
    success: (client, { crusade }) => client.PUT('/api/v1/crusades/{id}', { ...path(crusade.id), body: crusadeInput(`${crusade.name} (slower)`) }),
    error: {
      status: 409,
      code: 'crusade_name_taken',
      call: async (client, { crusade }) => {
        const other = await makeCrusade(client)
        return client.PUT('/api/v1/crusades/{id}', { ...path(crusade.id), body: crusadeInput(other.name) })
      },
    },
    foreign: { code: 'crusade_not_found' },
    audits: 'crusade.updated',
  }),
  defineScenario({
    operationId: 'deleteCrusade',
    setup: withCrusade,
    success: (client, { crusade }) => client.DELETE('/api/v1/crusades/{id}', path(crusade.id)),
    error: { status: 404, code: 'crusade_not_found', call: (client) => client.DELETE('/api/v1/crusades/{id}', unknown()) },
    foreign: { code: 'crusade_not_found' },
    audits: 'crusade.deleted',
  }),
]
