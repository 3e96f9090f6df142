import { z } from 'zod'
import 'zod-openapi'
import {
  EXTERNAL_REF_ENTITY_TYPES,
  externalIdSchema,
  externalRefEntityTypeSchema,
  externalSystemSchema,
} from '~/modules/integrations/external-ref-keys'
import { pageQuery, pageSchema } from '~/utils/api/pagination.server'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * External refs (app/modules/integrations/external-refs.server.ts): which
 * entity of the organization an external system's record is. Own scopes,
 * `refs:read` and `refs:write`, whatever the entity's kind: a CRM sync that
 * maps ids needs no power over the entities themselves.
 */

const system = externalSystemSchema.meta({ description: 'The external system, a lowercase slug: `hubspot`, `gohighlevel`, …', example: 'hubspot' })
const externalId = externalIdSchema.meta({ description: 'The record’s id in that system, 1–255 characters.', example: '5120001' })
const entityType = externalRefEntityTypeSchema.meta({ description: `What kind of entity: ${EXTERNAL_REF_ENTITY_TYPES.map((t) => `\`${t}\``).join(', ')}.` })

const ExternalRefSchema = z
  .object({
    id: z.uuid(),
    entityType,
    entityId: z.uuid(),
    system,
    externalId,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'ExternalRef' })

const example = {
  id: '6b5a4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d',
  entityType: 'lead',
  entityId: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a',
  system: 'hubspot',
  externalId: '5120001',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
}

export const listExternalRefs = defineOperation({
  operationId: 'listExternalRefs',
  method: 'GET',
  path: '/api/v1/external-refs',
  summary: 'Find external refs',
  description: 'The organization’s refs that match every filter given, newest first, a page at a time. `system` + `entityType` + `externalId` names at most one; `entityType` + `entityId` lists an entity’s refs in every system.',
  tag: 'External refs',
  auth: { scope: 'refs:read' },
  query: pageQuery.extend({
    system: system.optional(),
    externalId: externalId.optional(),
    entityType: entityType.optional(),
    entityId: z.uuid().optional().meta({ description: 'The entity’s id here.' }),
  }),
  responses: { 200: { description: 'One page of refs.', body: pageSchema(ExternalRefSchema, 'ExternalRefPage'), example: { data: [example], nextCursor: null } } },
})

export const putExternalRef = defineOperation({
  operationId: 'putExternalRef',
  method: 'PUT',
  path: '/api/v1/external-refs',
  summary: 'Map an entity to an external record',
  description: 'Says that the entity (`entityType`, `entityId`) is the record `externalId` of `system`. The same (system, entity type, external id) names one entity: mapping it again to another entity moves it. 201 when the mapping is new, 200 otherwise. An entity that is not the organization’s is refused (404). Audited.',
  tag: 'External refs',
  auth: { scope: 'refs:write' },
  body: {
    json: {
      schema: z.object({ entityType, entityId: z.uuid(), system, externalId }).strict().meta({ id: 'ExternalRefInput' }),
      example: { entityType: 'lead', entityId: example.entityId, system: 'hubspot', externalId: '5120001' },
    },
  },
  responses: {
    201: { description: 'The new mapping.', body: z.object({ externalRef: ExternalRefSchema }), example: { externalRef: example } },
    200: { description: 'The mapping, as it was or moved to this entity.', body: z.object({ externalRef: ExternalRefSchema }), example: { externalRef: example } },
  },
  errors: { 404: { entity_not_found: 'no entity of that kind and id in the organization (another organization’s answers the same)' } },
})

export const deleteExternalRef = defineOperation({
  operationId: 'deleteExternalRef',
  method: 'DELETE',
  path: '/api/v1/external-refs/{entityType}/{system}/{externalId}',
  summary: 'Remove an external ref',
  description: 'The external id no longer names an entity of the organization. The entity itself stays. Audited.',
  tag: 'External refs',
  auth: { scope: 'refs:write' },
  params: z.object({ entityType, system, externalId }),
  responses: { 204: { description: 'Removed.' } },
  errors: { 404: { external_ref_not_found: 'the organization has no such ref' } },
})
