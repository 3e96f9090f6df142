import { z } from 'zod'
import 'zod-openapi'
import { externalIdSchema, externalSystemSchema } from '~/modules/integrations/external-ref-keys'
import { leadInput, leadPatchInput } from '~/modules/leads/lead-input'
import { LEAD_STATUSES } from '~/modules/leads/lead-filter'
import { CONSENT_STANDINGS } from '~/modules/compliance/consent-rules'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { defineOperation } from '~/utils/api/operation.server'
import { LeadSchema } from './leads.server'

/**
 * The leads write path (docs/decisions/050): create, update and upsert by
 * an external system's id, all through writeLead — the import pipeline's
 * own RESOLVE and MERGE — and read a person of the identity graph whole.
 */

const leadId = z.uuid().meta({ description: 'The lead id.', example: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a' })
const LEAD_NOT_FOUND = { lead_not_found: 'no such lead in the organization (another organization’s answers the same)' }
const VALIDATION = {
  validation_failed:
    'the lead cannot be written as it is (`details.fieldErrors`, by field): no name, no property address, a phone, email or address that does not resolve, an unknown vertical',
}

const externalRefInput = z
  .object({
    system: externalSystemSchema.meta({ description: 'The external system, a lowercase slug: `hubspot`, `gohighlevel`, …' }),
    externalId: externalIdSchema.meta({ description: 'The record’s id in that system, 1–255 characters.' }),
  })
  .strict()

const LeadWriteInputSchema = leadInput
  .extend({ externalRef: externalRefInput.optional().meta({ description: 'Records that this lead is that record of an external system (`GET /api/v1/leads/by-ref/…` finds it).' }) })
  .strict()
  .meta({ id: 'LeadWriteInput' })

const writeOutcome = {
  created: z.boolean().meta({ description: 'A new lead (false: the person at that property was already a lead of the vertical, and was matched).' }),
  changed: z.boolean().meta({ description: 'Anything of the lead changed (a new phone, a fact, a tag, the status …); always true when created.' }),
}

const WrittenLeadSchema = z.object({ lead: LeadSchema, ...writeOutcome }).meta({ id: 'WrittenLead' })

const leadExample = {
  id: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a',
  status: 'new',
  grade: null,
  tags: ['web'],
  vertical: 'Home sellers',
  createdAt: '2026-11-30T12:00:00.000Z',
  identity: { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', fullName: 'DANA REYES', firstName: 'DANA', lastName: 'REYES', age: null, deceased: null },
  property: { line1: '12 OAK ST', city: 'AUSTIN', state: 'TX', postalCode: '78701', propertyType: null, bedrooms: 3, bathrooms: null, livingSqft: null, yearBuilt: null, assessedValue: null, estimatedValue: null, equity: null },
  phones: [
    {
      id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42',
      number: '+15128675309',
      lineType: 'mobile',
      position: 1,
      source: 'api',
      importFileId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
      importFilename: 'Leads written through the API',
      rowNo: 7,
      sourceColumn: 'phone_1',
      marketing: { allowed: true, reason: null, message: null },
      reply: { allowed: true, reason: null, message: null },
      consent: ['clear'],
      dncListed: false,
      sendNumber: true,
    },
  ],
  events: [{ id: '1042', kind: 'created', importFileId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', importFilename: 'Leads written through the API', rowNo: 7, createdAt: '2026-11-30T12:00:00.000Z' }],
  conversations: [],
}

const inputExample = {
  firstName: 'Dana',
  lastName: 'Reyes',
  phones: [{ number: '(512) 867-5309', type: 'mobile' }],
  emails: ['dana@example.com'],
  propertyAddress: { line1: '12 Oak Street', city: 'Austin', state: 'TX', postalCode: '78701' },
  property: { bedrooms: 3 },
  vertical: 'seller',
  tags: ['web'],
}

const writeDescription = [
  'The lead goes through the same RESOLVE and MERGE as a row of an imported file (it is kept as a row of the organization’s API import): names, addresses, phones and emails are normalized the same way, and the same person at the same property — however it is spelled — is the same identity and the same lead. Writing it again matches it; new phones, emails and facts are added (a fact by confidence, then recency, like an import’s), tags are added, the status set.',
  '',
  'A lead is a person at a property: the name (`firstName` + `lastName`, or `fullName`) and `propertyAddress` are required. A value that does not resolve (a phone that is not a number, an address without its city or ZIP …) refuses the whole write with `422 validation_failed` and the reason per field in `details.fieldErrors`; nothing is written. Consent is not taken here (`POST /api/v1/consent-events`).',
].join('\n')

export const createLead = defineOperation({
  operationId: 'createLead',
  method: 'POST',
  path: '/api/v1/leads',
  summary: 'Create a lead',
  description: `${writeDescription}\n\n201 when the lead is new, 200 when it matched one (\`created: false\`).`,
  tag: 'Leads',
  auth: { scope: 'leads:write' },
  idempotency: 'optional',
  body: { json: { schema: LeadWriteInputSchema, example: { ...inputExample, externalRef: { system: 'hubspot', externalId: '5120001' } } } },
  responses: {
    201: { description: 'The new lead.', body: WrittenLeadSchema, example: { lead: leadExample, created: true, changed: true } },
    200: { description: 'The lead the person at that property already was, with what changed.', body: WrittenLeadSchema, example: { lead: leadExample, created: false, changed: false } },
  },
  errors: { 422: VALIDATION },
})

export const updateLead = defineOperation({
  operationId: 'updateLead',
  method: 'PATCH',
  path: '/api/v1/leads/{id}',
  summary: 'Update a lead',
  description: [
    'Adds phones, emails and tags, takes tags off (`removeTags`), sets the status and grade, the person’s age, the mailing address and the property’s facts. Phones, emails and facts go through the import pipeline’s MERGE, like `POST /api/v1/leads`.',
    '',
    'The name, the property address and the vertical say which lead it is and cannot change here: write the other person or property as a lead of its own.',
  ].join('\n'),
  tag: 'Leads',
  auth: { scope: 'leads:write' },
  params: z.object({ id: leadId }),
  body: {
    json: {
      schema: leadPatchInput.meta({ id: 'LeadPatch' }),
      example: { phones: ['+15128675309'], tags: ['hot'], removeTags: ['web'], status: 'qualified' },
    },
  },
  responses: { 200: { description: 'The lead as it is now.', body: z.object({ lead: LeadSchema, changed: writeOutcome.changed }).meta({ id: 'UpdatedLead' }), example: { lead: leadExample, changed: true } } },
  errors: {
    404: LEAD_NOT_FOUND,
    409: { lead_identity_changed: 'the lead’s stored name and address no longer resolve to the lead (its identity was merged differently); write a new lead' },
    422: VALIDATION,
  },
})

const refParams = z.object({
  system: externalSystemSchema.meta({ description: 'The external system, e.g. `hubspot`.', example: 'hubspot' }),
  externalId: externalIdSchema.meta({ description: 'The record’s id in that system (URL-encoded).', example: '5120001' }),
})

export const upsertLeadByRef = defineOperation({
  operationId: 'upsertLeadByRef',
  method: 'PUT',
  path: '/api/v1/leads/by-ref/{system}/{externalId}',
  summary: 'Create or update the lead of an external record',
  description: [
    writeDescription,
    '',
    'The external id is then this lead’s: 201 when the lead was created, 200 when an existing one was written (the one the id named before, or the lead the person at that property already was — then the id moves to it). Sending the same body twice gives one lead.',
  ].join('\n'),
  tag: 'Leads',
  auth: { scope: 'leads:write' },
  params: refParams,
  body: { json: { schema: leadInput.meta({ id: 'LeadInput' }), example: inputExample } },
  responses: {
    201: { description: 'A new lead, now named by the external id.', body: WrittenLeadSchema, example: { lead: leadExample, created: true, changed: true } },
    200: { description: 'The existing lead, written.', body: WrittenLeadSchema, example: { lead: leadExample, created: false, changed: true } },
  },
  errors: { 422: VALIDATION },
})

export const getLeadByRef = defineOperation({
  operationId: 'getLeadByRef',
  method: 'GET',
  path: '/api/v1/leads/by-ref/{system}/{externalId}',
  summary: 'The lead of an external record',
  description: 'The lead the external id was mapped to (`externalRef` of `POST /api/v1/leads`, `PUT /api/v1/leads/by-ref/…` or `PUT /api/v1/external-refs`), as `GET /api/v1/leads/{id}` answers it.',
  tag: 'Leads',
  auth: { scope: 'leads:read' },
  params: refParams,
  responses: { 200: { description: 'The lead.', body: z.object({ lead: LeadSchema }), example: { lead: leadExample } } },
  errors: { 404: { lead_not_found: 'no lead of the organization has this external id' } },
})

const reason = z.enum(Object.keys(GATE_BLOCK_REASONS) as [keyof typeof GATE_BLOCK_REASONS, ...(keyof typeof GATE_BLOCK_REASONS)[]])
const standing = z.object({ allowed: z.boolean(), reason: reason.nullable(), message: z.string().nullable() })

const IdentitySchema = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    firstName: z.string().nullable(),
    middleName: z.string().nullable(),
    lastName: z.string().nullable(),
    suffix: z.string().nullable(),
    age: z.int().nullable(),
    deceased: z.boolean().nullable(),
    createdAt: z.iso.datetime(),
    phones: z
      .array(
        z.object({
          id: z.uuid(),
          number: z.string().meta({ description: 'E.164.' }),
          lineType: z.string().nullable(),
          position: z.int(),
          source: z.string(),
          marketing: standing.meta({ description: 'What the send gate’s consent rules say now for outreach, as on the lead.' }),
          reply: standing,
          consent: z.array(z.enum(CONSENT_STANDINGS)).meta({ description: 'What is recorded in force for the number (the values of the leads’ `consent` filter).' }),
          dncListed: z.boolean(),
        }),
      )
      .meta({ description: 'Every phone of the person, with where it stands.' }),
    emails: z.array(z.object({ address: z.string(), position: z.int(), source: z.string() })),
    properties: z.array(
      z.object({ id: z.uuid(), role: z.enum(['owner', 'mailing']), line1: z.string(), city: z.string(), state: z.string(), postalCode: z.string(), source: z.string() }),
    ),
    leads: z
      .array(z.object({ id: z.uuid(), vertical: z.string(), verticalKey: z.string(), propertyId: z.uuid(), status: z.enum(LEAD_STATUSES), grade: z.string().nullable(), tags: z.array(z.string()), createdAt: z.iso.datetime() }))
      .meta({ description: 'The person’s leads, newest first (at most 100).' }),
  })
  .meta({ id: 'Identity' })

export const getIdentity = defineOperation({
  operationId: 'getIdentity',
  method: 'GET',
  path: '/api/v1/identities/{id}',
  summary: 'A person',
  description: 'One person of the organization’s identity graph (a lead’s `identity.id`): the name, every phone with where it stands (consent, opt-outs, lists — as the lead and `GET /api/v1/consent/{phone}` show it), emails, properties owned and mailing addresses, and every lead.',
  tag: 'Leads',
  auth: { scope: 'leads:read' },
  params: z.object({ id: z.uuid().meta({ description: 'The identity id.', example: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' }) }),
  responses: {
    200: {
      description: 'The person.',
      body: z.object({ identity: IdentitySchema }),
      example: {
        identity: {
          id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b',
          fullName: 'DANA REYES',
          firstName: 'DANA',
          middleName: null,
          lastName: 'REYES',
          suffix: null,
          age: null,
          deceased: null,
          createdAt: '2026-11-30T12:00:00.000Z',
          phones: [{ id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42', number: '+15128675309', lineType: 'mobile', position: 1, source: 'api', marketing: { allowed: true, reason: null, message: null }, reply: { allowed: true, reason: null, message: null }, consent: ['clear'], dncListed: false }],
          emails: [{ address: 'dana@example.com', position: 1, source: 'api' }],
          properties: [{ id: '3f4e5d6c-7b8a-4c9d-8e0f-1a2b3c4d5e6f', role: 'owner', line1: '12 OAK ST', city: 'AUSTIN', state: 'TX', postalCode: '78701', source: 'api' }],
          leads: [{ id: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a', vertical: 'Home sellers', verticalKey: 'seller', propertyId: '3f4e5d6c-7b8a-4c9d-8e0f-1a2b3c4d5e6f', status: 'new', grade: null, tags: ['web'], createdAt: '2026-11-30T12:00:00.000Z' }],
        },
      },
    },
  },
  errors: { 404: { identity_not_found: 'no such identity in the organization (another organization’s answers the same)' } },
})
