import { randomUUID } from 'node:crypto'
import type { EsdClient } from '~/api/client'
import { defineScenario } from '../scenario'

const BODY = 'Hi {first_name|there}, this is Sam with Lone Star Homes. Still selling? Reply STOP to opt out.'

/** A template of the client's organization, made through the API. */
export async function makeTemplate(client: EsdClient, name = `Intro ${randomUUID().slice(0, 8)}`) {
  const { data, error } = await client.POST('/api/v1/templates', { body: { name, body: BODY, firstContact: true } })
  if (!data) throw new Error(`could not create a template: ${JSON.stringify(error)}`)
  return data.template
}

const withTemplate = async ({ client }: { client: EsdClient }) => ({ template: await makeTemplate(client) })

export const templateScenarios = [
  defineScenario({
    operationId: 'listTemplates',
    setup: withTemplate,
    success: (client) => client.GET('/api/v1/templates', { params: { query: { archived: 'false' } } }),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/templates', { params: { query: { limit: 0 } } }) },
  }),
  defineScenario({
    operationId: 'createTemplate',
    success: (client) => client.POST('/api/v1/templates', { body: { name: 'Seller intro', body: BODY } }),
    error: {
      status: 409,
      code: 'template_name_taken',
      call: async (client) => {
        await makeTemplate(client, 'Taken')
        return client.POST('/api/v1/templates', { body: { name: 'Taken', body: BODY } })
      },
    },
    audits: 'template.created',
  }),
  defineScenario({
    operationId: 'getTemplate',
    setup: withTemplate,
    success: (client, { template }) => client.GET('/api/v1/templates/{id}', { params: { path: { id: template.id } } }),
    error: { status: 404, code: 'template_not_found', call: (client) => client.GET('/api/v1/templates/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'template_not_found' },
  }),
  defineScenario({
    operationId: 'updateTemplate',
    setup: withTemplate,
    success: (client, { template }) =>
      client.PUT('/api/v1/templates/{id}', { params: { path: { id: template.id } }, body: { name: `${template.name} v2`, body: BODY } }),
    error: {
      status: 400,
      code: 'invalid_body',
      call: (client, { template }) => client.PUT('/api/v1/templates/{id}', { params: { path: { id: template.id } }, body: { name: '', body: BODY } }),
    },
    foreign: { code: 'template_not_found' },
    audits: 'template.updated',
  }),
  defineScenario({
    operationId: 'archiveTemplate',
    setup: withTemplate,
    success: (client, { template }) => client.DELETE('/api/v1/templates/{id}', { params: { path: { id: template.id } } }),
    error: { status: 404, code: 'template_not_found', call: (client) => client.DELETE('/api/v1/templates/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'template_not_found' },
    audits: 'template.archived',
  }),
]
