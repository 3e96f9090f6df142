import { randomUUID } from 'node:crypto'
import type { EsdClient } from '~/api/client'
import { defineScenario } from '../scenario'

const DISCLOSURE =
  'By checking this box I agree to receive marketing text messages from Lone Star Homes at the number above. Consent is not a condition of purchase. Reply STOP to opt out.'

const input = (name = `Sellers ${randomUUID().slice(0, 8)}`) => ({ name, headline: 'Get a cash offer', disclosureText: DISCLOSURE })

/** A lead form of the client's organization, made through the API. */
export async function makeLeadForm(client: EsdClient, name?: string) {
  const { data, error } = await client.POST('/api/v1/forms', { body: input(name) })
  if (!data) throw new Error(`could not create a lead form: ${JSON.stringify(error)}`)
  return data.form
}

const withForm = async ({ client }: { client: EsdClient }) => ({ form: await makeLeadForm(client) })

export const leadFormScenarios = [
  defineScenario({
    operationId: 'listLeadForms',
    setup: withForm,
    success: (client) => client.GET('/api/v1/forms'),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/forms', { params: { query: { limit: 0 } } }) },
  }),
  defineScenario({
    operationId: 'createLeadForm',
    success: (client) => client.POST('/api/v1/forms', { body: input('Website sellers') }),
    error: {
      status: 409,
      code: 'lead_form_name_taken',
      call: async (client) => {
        await makeLeadForm(client, 'Taken')
        return client.POST('/api/v1/forms', { body: input('Taken') })
      },
    },
    audits: 'lead_form.created',
  }),
  defineScenario({
    operationId: 'getLeadForm',
    setup: withForm,
    success: (client, { form }) => client.GET('/api/v1/forms/{id}', { params: { path: { id: form.id } } }),
    error: { status: 404, code: 'lead_form_not_found', call: (client) => client.GET('/api/v1/forms/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'lead_form_not_found' },
  }),
  defineScenario({
    operationId: 'updateLeadForm',
    setup: withForm,
    success: (client, { form }) => client.PUT('/api/v1/forms/{id}', { params: { path: { id: form.id } }, body: { ...input(form.name), enabled: false } }),
    error: {
      status: 400,
      code: 'invalid_body',
      call: (client, { form }) => client.PUT('/api/v1/forms/{id}', { params: { path: { id: form.id } }, body: { ...input(form.name), disclosureText: 'too short' } }),
    },
    foreign: { code: 'lead_form_not_found' },
    audits: 'lead_form.updated',
  }),
  defineScenario({
    operationId: 'listLeadFormSubmissions',
    setup: withForm,
    success: (client, { form }) => client.GET('/api/v1/forms/{id}/submissions', { params: { path: { id: form.id } } }),
    error: { status: 404, code: 'lead_form_not_found', call: (client) => client.GET('/api/v1/forms/{id}/submissions', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'lead_form_not_found' },
  }),
]
