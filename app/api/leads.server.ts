import { z } from 'zod'
import 'zod-openapi'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { CONSENT_STANDINGS } from '~/modules/compliance/consent-rules'
import { LEAD_STATUSES } from '~/modules/leads/lead-filter'
import { pageQuery, nextCursorSchema } from '~/utils/api/pagination.server'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * The leads endpoints: search the organization's lead universe with the
 * grid's filters, and read one lead whole. The modules are
 * app/modules/leads (list-leads, lead-filter, get-lead).
 */

const leadId = z.uuid().meta({ description: 'The lead id.', example: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a' })
const LEAD_NOT_FOUND = { lead_not_found: 'no such lead in the organization (another organization’s answers the same)' }

const LeadListItemSchema = z
  .object({
    id: leadId,
    name: z.string(),
    phone: z.string().nullable().meta({ description: 'The lead’s first phone, E.164; null without one.' }),
    city: z.string(),
    state: z.string(),
    status: z.enum(LEAD_STATUSES),
    grade: z.string().nullable(),
    tags: z.array(z.string()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'LeadListItem' })

const totalSchema = z
  .object({
    kind: z.enum(['exact', 'about', 'more-than']).meta({ description: '`exact` up to 1,000; beyond, `about` (the table statistics, without a filter) or `more-than`.' }),
    count: z.int().min(0),
  })
  .meta({ id: 'LeadTotal', description: 'How many leads match, without counting a million rows per request.' })

const text = (description: string, max: number) => z.string().max(max).optional().meta({ description })

export const searchLeads = defineOperation({
  operationId: 'searchLeads',
  method: 'GET',
  path: '/api/v1/leads',
  summary: 'Search leads',
  description: [
    'The organization’s leads, newest first, a page at a time, with the lead grid’s filters: every one given must hold.',
    '',
    '`q` is fuzzy: it finds the owner’s name or the street line with a typo or two (trigram word similarity), e.g. `jon smith`, `12 oak`.',
  ].join('\n'),
  tag: 'Leads',
  auth: { scope: 'leads:read' },
  query: pageQuery.extend({
    q: text('Fuzzy: the owner’s name or the property’s street line.', 100),
    status: text(`Comma-separated: ${LEAD_STATUSES.join(', ')}.`, 80),
    grade: text('Comma-separated grades.', 100),
    verticalId: z.uuid().optional(),
    state: text('Two-letter state code of the property.', 2),
    city: text('The property’s city (any case).', 80),
    zip: text('Five-digit ZIP of the property.', 5),
    tag: text('Leads carrying this tag.', 60),
    hasMobile: z.enum(['true', 'false']).optional().meta({ description: '`true`: with a number not known to be a landline; `false`: without one.' }),
    importFileId: z.uuid().optional().meta({ description: 'Leads the import created.' }),
    yearBuiltMin: z.coerce.number().int().min(1600).max(2100).optional(),
    yearBuiltMax: z.coerce.number().int().min(1600).max(2100).optional(),
    equityPercentMin: z.coerce.number().int().min(0).max(100).optional(),
    contactedWithinDays: z.coerce.number().int().min(1).max(3650).optional().meta({ description: 'Texted (any of its numbers) in the last N days.' }),
    notContactedForDays: z.coerce.number().int().min(1).max(3650).optional().meta({ description: 'Not texted in the last N days: never, or longer ago.' }),
    consent: text(
      `Comma-separated, any of: ${CONSENT_STANDINGS.join(', ')}. What is recorded in force for the lead’s send number (the one a campaign texts: its first phone not known to be a landline), in the organization or on a platform list: \`opted_out\`, \`complaint\`, \`wrong_number\` (a revocation no opt-in followed), \`litigator_listed\`, \`dnc_listed\` (a do-not-call list we keep, not removed since; the national registry is asked at send time), \`consented\` (the organization’s consent basis), \`clear\` (none of these; the send gate still applies). A lead without a send number matches none. The lead’s \`phones[].consent\` shows the same per number.`,
      120,
    ),
  }),
  responses: {
    200: {
      description: 'One page of leads.',
      body: z.object({ data: z.array(LeadListItemSchema), nextCursor: nextCursorSchema, total: totalSchema }).meta({ id: 'LeadPage' }),
      example: {
        data: [{ id: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a', name: 'Dana Reyes', phone: '+15128675309', city: 'Austin', state: 'TX', status: 'new', grade: 'A', tags: ['absentee'], createdAt: '2026-11-29T12:00:00.000Z' }],
        nextCursor: null,
        total: { kind: 'exact', count: 1 },
      },
    },
  },
  errors: { 400: { invalid_filter: 'a filter does not parse (`details.fields`)' } },
})

const reason = z.enum(Object.keys(GATE_BLOCK_REASONS) as [keyof typeof GATE_BLOCK_REASONS, ...(keyof typeof GATE_BLOCK_REASONS)[]])
const standing = z.object({ allowed: z.boolean(), reason: reason.nullable(), message: z.string().nullable() })

export const LeadSchema = z
  .object({
    id: leadId,
    status: z.enum(LEAD_STATUSES),
    grade: z.string().nullable(),
    tags: z.array(z.string()),
    vertical: z.string(),
    createdAt: z.iso.datetime(),
    identity: z.object({ id: z.uuid().meta({ description: 'The person (`GET /api/v1/identities/{id}`): one identity may have leads in several verticals and properties.' }), fullName: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), age: z.int().nullable(), deceased: z.boolean().nullable() }),
    property: z.object({
      line1: z.string(),
      city: z.string(),
      state: z.string(),
      postalCode: z.string(),
      propertyType: z.string().nullable(),
      bedrooms: z.int().nullable(),
      bathrooms: z.number().nullable(),
      livingSqft: z.int().nullable(),
      yearBuilt: z.int().nullable(),
      assessedValue: z.number().nullable(),
      estimatedValue: z.number().nullable(),
      equity: z.number().nullable(),
    }),
    phones: z
      .array(
        z.object({
          id: z.uuid(),
          number: z.string().meta({ description: 'E.164.' }),
          lineType: z.string().nullable(),
          position: z.int(),
          source: z.string().meta({ description: 'Where the link was first seen: `import:<parser>@<version>`, `demo-seed`, …' }),
          importFileId: z.uuid().nullable(),
          importFilename: z.string().nullable(),
          rowNo: z.int().nullable(),
          sourceColumn: z.string().nullable(),
          marketing: standing.meta({ description: 'What the send gate’s consent rules say now for outreach (quiet hours and caps are checked at each send).' }),
          reply: standing,
          consent: z.array(z.enum(CONSENT_STANDINGS)).meta({ description: 'What is recorded in force for the number: the values of the `consent` filter of `GET /api/v1/leads`.' }),
          dncListed: z.boolean().meta({ description: 'On the organization’s own do-not-call list (not removed since): what `dnc_delisted` would lift.' }),
          sendNumber: z.boolean().meta({ description: 'The number a send to the lead uses, the one the `consent` filter reads.' }),
        }),
      )
      .meta({ description: 'Every phone of the lead’s identity, with its provenance and standing.' }),
    events: z.array(z.object({ id: z.string(), kind: z.string(), importFileId: z.uuid().nullable(), importFilename: z.string().nullable(), rowNo: z.int().nullable(), createdAt: z.iso.datetime() })).meta({ description: 'The latest 50, newest first.' }),
    conversations: z.array(z.object({ id: z.uuid(), number: z.string(), lastMessageAt: z.iso.datetime(), lastInboundAt: z.iso.datetime().nullable() })),
  })
  .meta({ id: 'Lead' })

export const getLead = defineOperation({
  operationId: 'getLead',
  method: 'GET',
  path: '/api/v1/leads/{id}',
  summary: 'A lead',
  description: 'The lead with its identity, property, every phone (with provenance and where it stands with the send gate), its events and conversations.',
  tag: 'Leads',
  auth: { scope: 'leads:read' },
  params: z.object({ id: leadId }),
  responses: {
    200: {
      description: 'The lead.',
      body: z.object({ lead: LeadSchema }),
      example: {
        lead: {
          id: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a',
          status: 'new',
          grade: 'A',
          tags: ['absentee'],
          vertical: 'Home sellers',
          createdAt: '2026-11-29T12:00:00.000Z',
          identity: { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', fullName: 'Dana Reyes', firstName: 'Dana', lastName: 'Reyes', age: 58, deceased: null },
          property: { line1: '12 Oak St', city: 'Austin', state: 'TX', postalCode: '78701', propertyType: 'single_family', bedrooms: 3, bathrooms: 2, livingSqft: 1650, yearBuilt: 1965, assessedValue: 310000, estimatedValue: 420000, equity: 260000 },
          phones: [
            {
              id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42',
              number: '+15128675309',
              lineType: 'mobile',
              position: 1,
              source: 'import:property-export@1',
              importFileId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
              importFilename: 'county-owners.csv',
              rowNo: 42,
              sourceColumn: 'Phone 1',
              marketing: { allowed: true, reason: null, message: null },
              reply: { allowed: true, reason: null, message: null },
              consent: ['clear'],
              dncListed: false,
              sendNumber: true,
            },
          ],
          events: [{ id: '1042', kind: 'created', importFileId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', importFilename: 'county-owners.csv', rowNo: 42, createdAt: '2026-11-29T12:00:00.000Z' }],
          conversations: [],
        },
      },
    },
  },
  errors: { 404: LEAD_NOT_FOUND },
})

const filterId = z.uuid().meta({ description: 'The saved filter’s id.', example: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' })

export const LeadFilterSchema = z
  .object({
    q: z.string().optional(),
    status: z.array(z.enum(LEAD_STATUSES)).optional(),
    grade: z.array(z.string()).optional(),
    verticalId: z.uuid().optional(),
    state: z.string().optional(),
    city: z.string().optional(),
    zip: z.string().optional(),
    tag: z.string().optional(),
    hasMobile: z.boolean().optional(),
    importFileId: z.uuid().optional(),
    yearBuiltMin: z.int().optional(),
    yearBuiltMax: z.int().optional(),
    equityPercentMin: z.int().optional(),
    contactedWithinDays: z.int().optional(),
    notContactedForDays: z.int().optional(),
    consent: z.array(z.enum(CONSENT_STANDINGS)).optional(),
  })
  .meta({ id: 'LeadFilter', description: 'The conditions of `GET /api/v1/leads`, as JSON (lists as arrays, `hasMobile` as a boolean).' })

const SavedLeadFilterSchema = z
  .object({
    id: filterId,
    name: z.string(),
    filter: LeadFilterSchema.nullable().meta({ description: 'Null when what was saved no longer parses (a later version changed a condition): it applies to nobody, never to every lead.' }),
    query: z.string().nullable().meta({ description: 'The same filter as the query string of `GET /api/v1/leads` and of the leads page; null with `filter`.' }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'SavedLeadFilter' })

const savedExample = {
  id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  name: 'Austin absentee owners',
  filter: { city: 'Austin', tag: 'absentee', hasMobile: true },
  query: 'city=Austin&tag=absentee&hasMobile=true',
  createdBy: 'CRM sync',
  createdAt: '2026-11-30T12:00:00.000Z',
}

export const listLeadFilters = defineOperation({
  operationId: 'listLeadFilters',
  method: 'GET',
  path: '/api/v1/lead-filters',
  summary: 'List saved lead filters',
  description: 'The organization’s saved filters, by name (at most 200).',
  tag: 'Leads',
  auth: { scope: 'leads:read' },
  responses: { 200: { description: 'Every saved filter.', body: z.object({ data: z.array(SavedLeadFilterSchema) }).meta({ id: 'SavedLeadFilterList' }), example: { data: [savedExample] } } },
})

export const saveLeadFilter = defineOperation({
  operationId: 'saveLeadFilter',
  method: 'POST',
  path: '/api/v1/lead-filters',
  summary: 'Save a lead filter',
  description: 'Keeps a filter under a name for the whole organization: the leads page lists it, and campaigns will take it as their audience.',
  tag: 'Leads',
  auth: { scope: 'leads:write' },
  idempotency: 'optional',
  body: {
    json: {
      schema: z.object({ name: z.string().min(1).max(80), filter: z.record(z.string(), z.unknown()).meta({ description: 'A `LeadFilter`.' }) }).strict().meta({ id: 'SaveLeadFilter' }),
      example: { name: savedExample.name, filter: savedExample.filter },
    },
  },
  responses: { 201: { description: 'The saved filter.', body: z.object({ leadFilter: SavedLeadFilterSchema }), example: { leadFilter: savedExample } } },
  errors: {
    400: { invalid_filter: 'the filter does not parse (`details.fields`)' },
    409: { filter_name_taken: 'another saved filter has this name' },
    422: { empty_filter: 'the filter sets no condition', too_many_filters: 'the organization keeps 200 already' },
  },
})

export const deleteLeadFilter = defineOperation({
  operationId: 'deleteLeadFilter',
  method: 'DELETE',
  path: '/api/v1/lead-filters/{id}',
  summary: 'Delete a saved lead filter',
  description: 'Deletes it for the whole organization (audited).',
  tag: 'Leads',
  auth: { scope: 'leads:write' },
  params: z.object({ id: filterId }),
  responses: { 204: { description: 'Deleted.' } },
  errors: { 404: { lead_filter_not_found: 'no such saved filter in the organization' } },
})

const dryRunReasons = [...Object.keys(GATE_BLOCK_REASONS)] as [keyof typeof GATE_BLOCK_REASONS, ...(keyof typeof GATE_BLOCK_REASONS)[]]

/** The counts of a dry run (dryRunAudience); a campaign's dry run adds its own (app/api/campaigns.server.ts). */
export const dryRunCountsShape = {
  at: z.iso.datetime(),
  audience: z.int().min(0),
  allowed: z.int().min(0),
  blocked: z.array(z.object({ reason: z.enum(dryRunReasons), count: z.int().min(1), message: z.string() })).meta({ description: 'By reason, most first.' }),
  registryCheckAtLaunch: z.int().min(0),
  senderCapacityToday: z.int().min(0).meta({ description: 'Messages the organization’s active numbers may still send today (daily, warm-up and account caps): what goes out today; the rest goes on later days.' }),
}

export const dryRunLeads = defineOperation({
  operationId: 'dryRunLeads',
  method: 'POST',
  path: '/api/v1/leads/dry-run',
  summary: 'Dry run a marketing send to the leads a filter matches',
  description: [
    'Who of the leads `filter` matches a marketing message would reach at `at` (default: now), and who it would block and why: the send gate (opt-outs, DNC and litigator lists, consent, the cooldown, quiet hours at that instant), numbers two leads share, the frequency cap and conversation holds — the decisions a send makes.',
    '',
    'It sends nothing and records nothing. The national DNC registry is not asked: numbers without an answer of the last 31 days are counted in `registryCheckAtLaunch`; they are checked when messages are queued.',
  ].join('\n'),
  tag: 'Leads',
  auth: { scope: 'leads:read' },
  idempotency: { exempt: 'a dry run changes nothing' },
  body: {
    json: {
      schema: z
        .object({
          filter: z.record(z.string(), z.unknown()).default({}).meta({ description: 'A `LeadFilter`; empty for every lead.' }),
          at: z.iso.datetime().optional().meta({ description: 'The instant to decide for (quiet hours); now by default.' }),
        })
        .strict()
        .meta({ id: 'DryRunLeads' }),
      example: { filter: { tag: 'absentee', state: 'TX' }, at: '2026-12-01T16:00:00.000Z' },
    },
  },
  responses: {
    200: {
      description: 'The counts.',
      body: z.object(dryRunCountsShape).meta({ id: 'LeadsDryRun' }),
      example: { at: '2026-12-01T16:00:00.000Z', audience: 1200, allowed: 930, blocked: [{ reason: 'opted_out', count: 41, message: GATE_BLOCK_REASONS.opted_out }], registryCheckAtLaunch: 229, senderCapacityToday: 400 },
    },
  },
  errors: { 400: { invalid_filter: 'the filter does not parse (`details.fields`)' } },
})
