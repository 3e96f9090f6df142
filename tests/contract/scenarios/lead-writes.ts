import { randomUUID } from 'node:crypto'
import type { EsdClient } from '~/api/client'
import { prisma } from '~/utils/db.server'
import { defineScenario } from '../scenario'

/** The leads write path, identities and external refs (app/api/lead-writes.server.ts, app/api/external-refs.server.ts). */

const address = { line1: '12 Oak Street', city: 'Austin', state: 'TX', postalCode: '78701' }

/** The organization's `seller` vertical: a lead belongs to one, and the API has no way to make one. */
async function ensureVertical(organizationId: string) {
  await prisma.vertical.upsert({
    where: { organizationId_key: { organizationId, key: 'seller' } },
    create: { organizationId, key: 'seller', name: 'Home sellers' },
    update: {},
  })
}

/** A lead of the client's organization, written through the API, named by a fresh `hubspot` external id. */
async function makeLead(client: EsdClient, organizationId: string) {
  await ensureVertical(organizationId)
  const externalId = `c-${randomUUID()}`
  const { data, error } = await client.PUT('/api/v1/leads/by-ref/{system}/{externalId}', {
    params: { path: { system: 'hubspot', externalId } },
    body: { fullName: 'Dana Reyes', propertyAddress: address, phones: ['(512) 867-5309'] },
  })
  if (!data) throw new Error(`could not write a lead: ${JSON.stringify(error)}`)
  return { lead: data.lead, externalId }
}

const withLead = ({ client, organizationId }: { client: EsdClient; organizationId: string }) => makeLead(client, organizationId)

export const leadWriteScenarios = [
  defineScenario({
    operationId: 'createLead',
    setup: ({ organizationId }) => ensureVertical(organizationId),
    success: (client) => client.POST('/api/v1/leads', { body: { firstName: 'Ivy', lastName: 'Stone', propertyAddress: address, tags: ['web'] } }),
    error: { status: 422, code: 'validation_failed', call: (client) => client.POST('/api/v1/leads', { body: { phones: ['(512) 867-5309'], propertyAddress: address } }) },
    audits: 'lead.created',
  }),
  defineScenario({
    operationId: 'updateLead',
    setup: withLead,
    success: (client, { lead }) => client.PATCH('/api/v1/leads/{id}', { params: { path: { id: lead.id } }, body: { tags: ['hot'], status: 'qualified' } }),
    error: { status: 404, code: 'lead_not_found', call: (client) => client.PATCH('/api/v1/leads/{id}', { params: { path: { id: randomUUID() } }, body: { status: 'closed' } }) },
    foreign: { code: 'lead_not_found' },
    audits: 'lead.updated',
  }),
  defineScenario({
    operationId: 'upsertLeadByRef',
    setup: ({ organizationId }) => ensureVertical(organizationId),
    success: (client) =>
      client.PUT('/api/v1/leads/by-ref/{system}/{externalId}', { params: { path: { system: 'hubspot', externalId: 'c-2' } }, body: { fullName: 'Rosa Diaz', propertyAddress: address } }),
    error: {
      status: 422,
      code: 'validation_failed',
      call: (client) => client.PUT('/api/v1/leads/by-ref/{system}/{externalId}', { params: { path: { system: 'hubspot', externalId: 'c-3' } }, body: { fullName: 'Rosa Diaz' } }),
    },
    foreign: { exempt: 'the external id is a key, not a record: the same id in another organization writes a lead of the caller’s own' },
    audits: 'lead.created',
  }),
  defineScenario({
    operationId: 'getLeadByRef',
    setup: withLead,
    success: (client, { externalId }) => client.GET('/api/v1/leads/by-ref/{system}/{externalId}', { params: { path: { system: 'hubspot', externalId } } }),
    error: { status: 404, code: 'lead_not_found', call: (client) => client.GET('/api/v1/leads/by-ref/{system}/{externalId}', { params: { path: { system: 'hubspot', externalId: 'nobody' } } }) },
    foreign: { code: 'lead_not_found' },
  }),
  defineScenario({
    operationId: 'getIdentity',
    setup: withLead,
    success: (client, { lead }) => client.GET('/api/v1/identities/{id}', { params: { path: { id: lead.identity.id } } }),
    error: { status: 404, code: 'identity_not_found', call: (client) => client.GET('/api/v1/identities/{id}', { params: { path: { id: randomUUID() } } }) },
    foreign: { code: 'identity_not_found' },
  }),
  defineScenario({
    operationId: 'listExternalRefs',
    setup: withLead,
    success: (client, { externalId }) => client.GET('/api/v1/external-refs', { params: { query: { system: 'hubspot', externalId, entityType: 'lead' } } }),
    error: { status: 400, code: 'invalid_query', call: (client) => client.GET('/api/v1/external-refs', { params: { query: { limit: 0 } } }) },
  }),
  defineScenario({
    operationId: 'putExternalRef',
    setup: withLead,
    success: (client, { lead }) => client.PUT('/api/v1/external-refs', { body: { entityType: 'identity', entityId: lead.identity.id, system: 'gohighlevel', externalId: 'g-1' } }),
    error: {
      status: 404,
      code: 'entity_not_found',
      call: (client) => client.PUT('/api/v1/external-refs', { body: { entityType: 'lead', entityId: randomUUID(), system: 'gohighlevel', externalId: 'g-2' } }),
    },
    audits: 'external_ref.mapped',
  }),
  defineScenario({
    operationId: 'deleteExternalRef',
    setup: withLead,
    success: (client, { externalId }) => client.DELETE('/api/v1/external-refs/{entityType}/{system}/{externalId}', { params: { path: { entityType: 'lead', system: 'hubspot', externalId } } }),
    error: {
      status: 404,
      code: 'external_ref_not_found',
      call: (client) => client.DELETE('/api/v1/external-refs/{entityType}/{system}/{externalId}', { params: { path: { entityType: 'lead', system: 'hubspot', externalId: 'none' } } }),
    },
    foreign: { code: 'external_ref_not_found' },
    audits: 'external_ref.deleted',
  }),
]
