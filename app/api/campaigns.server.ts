import { z } from 'zod'
import 'zod-openapi'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import {
  CAMPAIGN_NAME_MAX,
  campaignInput,
  crusadeInput,
  MAX_CAMPAIGN_TEMPLATES,
  MAX_JITTER_SECONDS,
  MAX_THROTTLE_PER_MINUTE,
} from '~/modules/campaigns/campaign-input'
import { MERGE_FIELDS } from '~/modules/templates/template-syntax'
import { pageQuery, pageSchema } from '~/utils/api/pagination.server'
import { defineOperation } from '~/utils/api/operation.server'
import { dryRunCountsShape, LeadFilterSchema } from './leads.server'

/**
 * The campaigns and crusades endpoints: a campaign sends templates to a
 * saved lead filter's leads on a schedule and a throttle; a crusade groups
 * campaigns under one schedule and throttle and adds up their counts. The
 * modules are in app/modules/campaigns.
 */

const campaignId = z.uuid().meta({ description: 'The campaign id.', example: '4e6f8a0b-2c3d-4e5f-8a6b-7c8d9e0f1a2b' })
const crusadeId = z.uuid().meta({ description: 'The crusade id.', example: '8b9c0d1e-2f3a-4b5c-9d6e-7f8a9b0c1d2e' })
const params = z.object({ id: campaignId })
const crusadeParams = z.object({ id: crusadeId })
const CAMPAIGN_NOT_FOUND = { campaign_not_found: 'no such campaign in the organization (another organization’s answers the same)' }
const CRUSADE_NOT_FOUND = { crusade_not_found: 'no such crusade in the organization (another organization’s answers the same)' }
const INVALID_CAMPAIGN = {
  invalid_campaign: 'what it points at is not the organization’s, or cannot be sent: the saved filter, a template (archived or missing), the vertical, crusade, numbers or accounts (`details.fieldErrors`)',
}
const NAME_TAKEN = { campaign_name_taken: 'another campaign of the organization has this name' }
const NOT_DRAFT = { campaign_not_draft: 'the campaign was launched; only a draft can change, be deleted or be launched' }
const NOT_READY = { campaign_not_ready: 'it cannot send as it is: a template with a lint error or archived, a filter that no longer parses, no sending window to come (`details.problems`)' }
const WRONG_STATE = { campaign_wrong_state: 'the campaign is not in a state this move applies to (`details.status`)' }

const STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const

const statusDescription = [
  '| status | meaning |',
  '| --- | --- |',
  '| `draft` | Being prepared: it can change, be deleted, dry-run and launched. |',
  '| `scheduled` | Launched to start at `schedule.startsAt`: its audience is snapshotted and queued for its slots. |',
  '| `running` | Sending in its windows at its throttle. |',
  '| `paused` | Nothing new goes out; what it has queued is held until it resumes. `pausedReason` says why (an operator, or its own filtered or failed limit). |',
  '| `completed` | Everything of its snapshot was decided and sent, blocked or canceled. |',
  '| `cancelled` | Stopped for good: what it had queued was canceled; it keeps its counts. |',
].join('\n')

const CountsSchema = z
  .object({
    audience: z.int().min(0).meta({ description: 'Leads in the launch snapshot (0 before launch).' }),
    queued: z.int().min(0).meta({ description: 'Waiting to go: pending, held by a pause, or being sent.' }),
    blocked: z.int().min(0),
    sent: z.int().min(0),
    delivered: z.int().min(0),
    failed: z.int().min(0),
    canceled: z.int().min(0),
    replies: z.int().min(0).meta({ description: 'Recipients who wrote back after their message.' }),
    optOuts: z.int().min(0).meta({ description: 'Of them, those whose reply was an opt-out.' }),
    blockedByReason: z
      .array(z.object({ reason: z.string().meta({ description: 'A send gate reason (`opted_out`, `quiet_hours`, …), `no_phone`, `already_queued`, or why a queued message was canceled.' }), count: z.int().min(1), message: z.string() }))
      .meta({ description: 'Blocked and canceled messages by reason, most first.' }),
  })
  .meta({ id: 'CampaignCounts' })

const scheduleShape = {
  days: z.array(z.int().min(0).max(6)).meta({ description: 'Sending days, 0 = Sunday.' }),
  windowStart: z.string().meta({ description: 'HH:MM, in `timeZone`.' }),
  windowEnd: z.string().meta({ description: 'HH:MM, in `timeZone`, after `windowStart`.' }),
  timeZone: z.string().meta({ description: 'An IANA time zone, e.g. `America/Chicago`.' }),
  throttlePerMinute: z.int().min(1),
}

const CampaignSchema = z
  .object({
    id: campaignId,
    name: z.string(),
    status: z.enum(STATUSES),
    purpose: z.enum(['marketing', 'informational']),
    crusade: z.object({ id: crusadeId, name: z.string() }).nullable().meta({ description: 'The crusade it is in: its schedule and throttle are the crusade’s.' }),
    verticalId: z.uuid().nullable(),
    savedFilter: z.object({ id: z.uuid(), name: z.string() }).nullable().meta({ description: 'The saved filter it was made from (its name, or `(deleted filter)`).' }),
    filter: LeadFilterSchema.nullable().meta({ description: 'The audience: the saved filter as it was copied when the campaign was saved; null when it no longer parses.' }),
    templates: z.array(z.object({ id: z.uuid(), name: z.string() })).meta({ description: 'Its templates, sent in turn.' }),
    senderNumberIds: z.array(z.uuid()).meta({ description: 'The numbers it may send from; empty for any of the organization’s.' }),
    carrierAccountIds: z.array(z.uuid()),
    senderName: z.string().nullable().meta({ description: 'The `{sender_name}` of its messages.' }),
    schedule: z
      .object({
        ...scheduleShape,
        startsAt: z.iso.datetime().nullable(),
        endsAt: z.iso.datetime().nullable(),
        jitterSeconds: z.int().min(0),
      })
      .meta({ description: 'As saved; a campaign in a crusade sends on the crusade’s days, window and throttle.' }),
    pauseFilteredPercent: z.number().meta({ description: 'It pauses itself when carriers filter more than this share of its sent messages.' }),
    pauseFailedPercent: z.number().meta({ description: 'It pauses itself when more than this share of its sent messages fail.' }),
    pausedReason: z.string().nullable(),
    batchId: z.uuid().nullable().meta({ description: 'The send batch its messages are queued in, once launched (`GET /api/v1/messages/{id}` reads each).' }),
    queuedThrough: z.int().min(0).meta({ description: 'How much of the launch snapshot has been decided and queued.' }),
    counts: CountsSchema,
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    launchedAt: z.iso.datetime().nullable(),
    completedAt: z.iso.datetime().nullable(),
    cancelledAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Campaign' })

const s = campaignInput.shape
const CampaignInputSchema = campaignInput
  .safeExtend({
    name: s.name.meta({ description: `1–${CAMPAIGN_NAME_MAX} characters, unique in the organization.` }),
    purpose: s.purpose.meta({ description: '`marketing` (the default) or `informational`; both are gated as marketing.' }),
    savedFilterId: s.savedFilterId.meta({ description: 'The saved lead filter (`/api/v1/lead-filters`) whose leads it texts; copied when saved, snapshotted at launch.' }),
    verticalId: s.verticalId.meta({ description: 'The vertical of the retext cooldown; null for the leads’ own.' }),
    templateIds: s.templateIds.meta({ description: `1–${MAX_CAMPAIGN_TEMPLATES} templates of the organization, not archived, sent in turn.` }),
    senderNumberIds: s.senderNumberIds.meta({ description: 'Numbers of the organization it may send from; empty (the default) for any.' }),
    carrierAccountIds: s.carrierAccountIds.meta({ description: 'Carrier accounts of the organization it may send through; empty (the default) for any.' }),
    senderName: s.senderName.meta({ description: 'The `{sender_name}` of its messages, up to 40 characters.' }),
    crusadeId: s.crusadeId.meta({ description: 'A crusade of the organization: its schedule and throttle then apply instead of these.' }),
    days: s.days.meta({ description: 'Sending days, 0 = Sunday, at least one.' }),
    windowStart: s.windowStart.meta({ description: 'HH:MM (24-hour) in `timeZone`.' }),
    windowEnd: s.windowEnd.meta({ description: 'HH:MM, after `windowStart` on the same day.' }),
    timeZone: s.timeZone.meta({ description: 'An IANA time zone, e.g. `America/Chicago`. Each recipient’s own quiet hours apply as well.' }),
    throttlePerMinute: s.throttlePerMinute.meta({ description: `Messages a minute, 1–${MAX_THROTTLE_PER_MINUTE.toLocaleString('en-US')}.` }),
    startsAt: s.startsAt.meta({ description: 'Not before this instant (with its offset); null to start at launch.' }),
    endsAt: s.endsAt.meta({ description: 'What has not gone by this instant is canceled; null for no end.' }),
    jitterSeconds: s.jitterSeconds.meta({ description: `Up to this many seconds (0–${MAX_JITTER_SECONDS.toLocaleString('en-US')}) added at random to each slot.` }),
    pauseFilteredPercent: s.pauseFilteredPercent.meta({ description: 'Pause itself when carriers filter more than this percent of what it sent (default 2).' }),
    pauseFailedPercent: s.pauseFailedPercent.meta({ description: 'Pause itself when more than this percent of what it sent fails (default 10).' }),
  })
  .meta({ id: 'CampaignInput' })

const counts = { audience: 0, queued: 0, blocked: 0, sent: 0, delivered: 0, failed: 0, canceled: 0, replies: 0, optOuts: 0, blockedByReason: [] }

const example = {
  id: '4e6f8a0b-2c3d-4e5f-8a6b-7c8d9e0f1a2b',
  name: 'Austin sellers, December',
  status: 'draft' as const,
  purpose: 'marketing' as const,
  crusade: null,
  verticalId: null,
  savedFilter: { id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d', name: 'Austin absentee owners' },
  filter: { city: 'Austin', tag: 'absentee', hasMobile: true },
  templates: [{ id: '2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a2b3c4d', name: 'Seller intro' }],
  senderNumberIds: [],
  carrierAccountIds: [],
  senderName: 'Sam',
  schedule: { days: [1, 2, 3, 4, 5], windowStart: '10:00', windowEnd: '18:00', timeZone: 'America/Chicago', startsAt: null, endsAt: null, throttlePerMinute: 30, jitterSeconds: 0 },
  pauseFilteredPercent: 2,
  pauseFailedPercent: 10,
  pausedReason: null,
  batchId: null,
  queuedThrough: 0,
  counts,
  createdBy: 'CRM sync',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
  launchedAt: null,
  completedAt: null,
  cancelledAt: null,
}

const running = {
  ...example,
  status: 'running' as const,
  batchId: '9a1d7c3e-2f4b-4c6d-8e0f-1a2b3c4d5e6f',
  queuedThrough: 1200,
  counts: {
    ...counts,
    audience: 1200,
    queued: 880,
    blocked: 270,
    sent: 50,
    delivered: 47,
    replies: 3,
    blockedByReason: [
      { reason: 'opted_out', count: 41, message: GATE_BLOCK_REASONS.opted_out },
      { reason: 'no_phone', count: 229, message: GATE_BLOCK_REASONS.no_phone },
    ].sort((a, b) => b.count - a.count),
  },
  launchedAt: '2026-12-01T16:00:00.000Z',
}

const inputExample = {
  name: example.name,
  savedFilterId: example.savedFilter.id,
  templateIds: [example.templates[0]!.id],
  senderName: 'Sam',
  days: [1, 2, 3, 4, 5],
  windowStart: '10:00',
  windowEnd: '18:00',
  timeZone: 'America/Chicago',
  throttlePerMinute: 30,
}

const campaignAnswer = z.object({ campaign: CampaignSchema })

export const listCampaigns = defineOperation({
  operationId: 'listCampaigns',
  method: 'GET',
  path: '/api/v1/campaigns',
  summary: 'List campaigns',
  description: ['The organization’s campaigns, newest first, a page at a time, each with its counts; optionally of one `status` or one crusade.', '', statusDescription].join('\n'),
  tag: 'Campaigns',
  auth: { scope: 'campaigns:read' },
  query: pageQuery.extend({
    status: z.enum(STATUSES).optional().meta({ description: 'Only campaigns in this status.' }),
    crusadeId: z.uuid().optional().meta({ description: 'Only the campaigns of this crusade.' }),
  }),
  responses: { 200: { description: 'One page of campaigns.', body: pageSchema(CampaignSchema, 'CampaignPage'), example: { data: [running], nextCursor: null } } },
})

export const createCampaign = defineOperation({
  operationId: 'createCampaign',
  method: 'POST',
  path: '/api/v1/campaigns',
  summary: 'Create a campaign',
  description: [
    'A draft: its audience (a saved lead filter, copied), its templates, schedule and throttle. Nothing is sent until it is launched (`POST /api/v1/campaigns/{id}/launch`); dry-run and preview it first.',
    '',
    'A body that does not match the schema (a window that ends before it starts, an unknown field) is `400 invalid_body`; ids that are not the organization’s, or a saved filter that no longer parses, are `422 invalid_campaign` with `details.fieldErrors`.',
  ].join('\n'),
  tag: 'Campaigns',
  auth: { scope: 'campaigns:write' },
  idempotency: 'optional',
  body: { json: { schema: CampaignInputSchema, example: inputExample } },
  responses: { 201: { description: 'The draft.', body: campaignAnswer, example: { campaign: example } } },
  errors: { 409: NAME_TAKEN, 422: INVALID_CAMPAIGN },
})

export const getCampaign = defineOperation({
  operationId: 'getCampaign',
  method: 'GET',
  path: '/api/v1/campaigns/{id}',
  summary: 'A campaign',
  description: 'The campaign with its settings, status and counts.',
  tag: 'Campaigns',
  auth: { scope: 'campaigns:read' },
  params,
  responses: { 200: { description: 'The campaign.', body: campaignAnswer, example: { campaign: running } } },
  errors: { 404: CAMPAIGN_NOT_FOUND },
})

export const updateCampaign = defineOperation({
  operationId: 'updateCampaign',
  method: 'PUT',
  path: '/api/v1/campaigns/{id}',
  summary: 'Change a draft campaign',
  description: 'Replaces all of a draft’s settings (omitted fields take their defaults); the saved filter is copied again. A launched campaign cannot change.',
  tag: 'Campaigns',
  auth: { scope: 'campaigns:write' },
  params,
  body: { json: { schema: CampaignInputSchema, example: { ...inputExample, throttlePerMinute: 60 } } },
  responses: { 200: { description: 'The draft as changed.', body: campaignAnswer, example: { campaign: { ...example, schedule: { ...example.schedule, throttlePerMinute: 60 } } } } },
  errors: { 404: CAMPAIGN_NOT_FOUND, 409: { ...NOT_DRAFT, ...NAME_TAKEN }, 422: INVALID_CAMPAIGN },
})

export const deleteCampaign = defineOperation({
  operationId: 'deleteCampaign',
  method: 'DELETE',
  path: '/api/v1/campaigns/{id}',
  summary: 'Delete a draft campaign',
  description: 'Deletes a draft (audited). A launched campaign is kept with its counts: cancel it instead.',
  tag: 'Campaigns',
  auth: { scope: 'campaigns:write' },
  params,
  responses: { 204: { description: 'Deleted.' } },
  errors: { 404: CAMPAIGN_NOT_FOUND, 409: NOT_DRAFT },
})

export const dryRunCampaign = defineOperation({
  operationId: 'dryRunCampaign',
  method: 'POST',
  path: '/api/v1/campaigns/{id}/dry-run',
  summary: 'Dry run a campaign',
  description: [
    'Who of its audience as it stands now a launch would queue, and who the send gate would block and why (opt-outs, DNC and litigator lists, consent, the cooldown, quiet hours now, numbers two leads share, the frequency cap, conversation holds) — the decisions a launch makes, with nothing sent or recorded.',
    '',
    '`firstWindowAt` is the start of its first sending window from now (null when its schedule has none left); `quietHoursAtSchedule`, when present, counts those quiet hours would block then although they do not now. The national DNC registry is not asked: numbers without an answer of the last 31 days are counted in `registryCheckAtLaunch`.',
  ].join('\n'),
  tag: 'Campaigns',
  auth: { scope: 'campaigns:write' },
  idempotency: { exempt: 'a dry run changes nothing' },
  params,
  responses: {
    200: {
      description: 'The counts.',
      body: z
        .object({
          ...dryRunCountsShape,
          quietHoursAtSchedule: z
            .object({ at: z.iso.datetime(), count: z.int().min(0) })
            .optional()
            .meta({ description: 'Of those quiet hours do not block now, how many they would block at `firstWindowAt`.' }),
          firstWindowAt: z.iso.datetime().nullable().meta({ description: 'The start of its first sending window from now; null when none is left.' }),
        })
        .meta({ id: 'CampaignDryRun' }),
      example: {
        at: '2026-12-01T16:00:00.000Z',
        audience: 1200,
        allowed: 930,
        blocked: [{ reason: 'opted_out', count: 41, message: GATE_BLOCK_REASONS.opted_out }],
        registryCheckAtLaunch: 229,
        senderCapacityToday: 400,
        quietHoursAtSchedule: { at: '2026-12-01T16:00:00.000Z', count: 0 },
        firstWindowAt: '2026-12-01T16:00:00.000Z',
      },
    },
  },
  errors: { 404: CAMPAIGN_NOT_FOUND, 422: { campaign_not_ready: 'its audience filter no longer parses' } },
})

export const launchCampaign = defineOperation({
  operationId: 'launchCampaign',
  method: 'POST',
  path: '/api/v1/campaigns/{id}/launch',
  summary: 'Launch a campaign',
  description: [
    'Checks that the draft can send (its templates have no lint error and none is archived, its filter still parses, its schedule has a window to come), snapshots its audience — the leads its filter matches at this instant; leads that match later are not in it — and moves it to `running`, or `scheduled` when `startsAt` is later.',
    '',
    'A background job then decides and queues the snapshot in chunks, each message through the send gate; `counts` follow it. Launching is once: a launched campaign answers `409 campaign_not_draft`.',
  ].join('\n'),
  tag: 'Campaigns',
  auth: { scope: 'campaigns:write' },
  idempotency: 'optional',
  params,
  responses: { 200: { description: 'The campaign as launched, with `counts.audience`.', body: campaignAnswer, example: { campaign: { ...running, queuedThrough: 0, counts: { ...counts, audience: 1200 } } } } },
  errors: { 404: CAMPAIGN_NOT_FOUND, 409: NOT_DRAFT, 422: NOT_READY },
})

const control = (action: 'pause' | 'resume' | 'cancel', summary: string, description: string, allowed: string, after: Record<string, unknown>) =>
  defineOperation({
    operationId: `${action}Campaign` as const,
    method: 'POST',
    path: `/api/v1/campaigns/{id}/${action}` as const,
    summary,
    description,
    tag: 'Campaigns',
    auth: { scope: 'campaigns:write' },
    idempotency: 'optional',
    params,
    responses: { 200: { description: 'The campaign after the change.', body: campaignAnswer, example: { campaign: { ...running, ...after } } } },
    errors: { 404: CAMPAIGN_NOT_FOUND, 409: { campaign_wrong_state: `the campaign is not ${allowed} (\`details.status\`)` } },
  })

export const pauseCampaign = defineOperation({
  ...control(
    'pause',
    'Pause a campaign',
    'Holds everything it has waiting, so nothing new goes out within seconds; the rest of its snapshot is queued held. `reason` (optional) is kept as `pausedReason`; by default it names the key. Resume it later.',
    'running or scheduled',
    { status: 'paused', pausedReason: 'Checking the replies' },
  ),
  body: {
    json: {
      schema: z
        .object({ reason: z.string().max(500).optional().meta({ description: 'Why, for the people who see it paused (up to 500 characters).' }) })
        .strict()
        .meta({ id: 'PauseCampaign' }),
      example: { reason: 'Checking the replies' },
    },
  },
})

export const resumeCampaign = control(
  'resume',
  'Resume a paused campaign',
  'Its held messages wait again in their order, with new slots from now at its throttle (so a pause does not end in a burst); nothing is queued or sent twice. Those its end date leaves no slot for are canceled.',
  'paused',
  {},
)

export const cancelCampaign = control(
  'cancel',
  'Cancel a campaign',
  'Stops a scheduled, running or paused campaign for good: what it has waiting is canceled and its snapshot is queued no further. It is kept with its counts. A draft is deleted instead (`DELETE /api/v1/campaigns/{id}`).',
  'scheduled, running or paused',
  { status: 'cancelled', cancelledAt: '2026-12-01T17:00:00.000Z', counts: { ...running.counts, queued: 0, canceled: 880 } },
)

const mergeKeys = MERGE_FIELDS.map((f) => f.key) as [(typeof MERGE_FIELDS)[number]['key'], ...(typeof MERGE_FIELDS)[number]['key'][]]

const PreviewSchema = z
  .object({
    template: z.object({ id: z.uuid(), name: z.string() }),
    variant: z.int().min(0).meta({ description: 'Which spintax variant (0 is the first).' }),
    variants: z.int().min(1).meta({ description: 'How many the template makes.' }),
    lead: z.object({ id: z.uuid(), name: z.string() }).nullable().meta({ description: 'The lead of its audience it is rendered for; null when the audience is empty (sample blanks, fallbacks shown).' }),
    text: z.string(),
    segments: z.int().min(0),
    encoding: z.enum(['GSM-7', 'UCS-2']),
    missing: z.array(z.enum(mergeKeys)).meta({ description: 'Merge fields without a value for this lead and without a fallback.' }),
  })
  .meta({ id: 'CampaignPreview' })

export const previewCampaign = defineOperation({
  operationId: 'previewCampaign',
  method: 'GET',
  path: '/api/v1/campaigns/{id}/preview',
  summary: 'Preview a campaign’s messages',
  description: 'Sample messages as its leads would get them: each template’s first few spintax variants, each rendered for a different lead of its audience (the newest), so merge fields and fallbacks show as they would be sent. Nothing is sent or recorded.',
  tag: 'Campaigns',
  auth: { scope: 'campaigns:read' },
  params,
  responses: {
    200: {
      description: 'The samples, template by template.',
      body: z.object({ data: z.array(PreviewSchema) }).meta({ id: 'CampaignPreviewList' }),
      example: {
        data: [
          {
            template: example.templates[0],
            variant: 0,
            variants: 2,
            lead: { id: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a', name: 'Dana Reyes' },
            text: 'Hi Dana, this is Sam with Lone Star Homes. Still thinking of selling 12 Oak St? Reply STOP to opt out.',
            segments: 1,
            encoding: 'GSM-7',
            missing: [],
          },
        ],
      },
    },
  },
  errors: { 404: CAMPAIGN_NOT_FOUND },
})

const CrusadeSchema = z
  .object({
    id: crusadeId,
    name: z.string(),
    schedule: z.object(scheduleShape).meta({ description: 'The days, window and throttle its campaigns share: their slots follow one another.' }),
    campaigns: z
      .array(z.object({ id: campaignId, name: z.string(), status: z.enum(STATUSES), pausedReason: z.string().nullable(), counts: CountsSchema }))
      .meta({ description: 'Its campaigns, oldest first.' }),
    rollup: CountsSchema.meta({ description: 'Its campaigns’ counts added up.' }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Crusade' })

const c = crusadeInput.shape
const CrusadeInputSchema = crusadeInput
  .safeExtend({
    name: c.name.meta({ description: `1–${CAMPAIGN_NAME_MAX} characters, unique in the organization.` }),
    days: c.days.meta({ description: 'Sending days, 0 = Sunday, at least one.' }),
    windowStart: c.windowStart.meta({ description: 'HH:MM (24-hour) in `timeZone`.' }),
    windowEnd: c.windowEnd.meta({ description: 'HH:MM, after `windowStart` on the same day.' }),
    timeZone: c.timeZone.meta({ description: 'An IANA time zone, e.g. `America/Chicago`.' }),
    throttlePerMinute: c.throttlePerMinute.meta({ description: `Messages a minute for all its campaigns together, 1–${MAX_THROTTLE_PER_MINUTE.toLocaleString('en-US')}.` }),
  })
  .meta({ id: 'CrusadeInput' })

const crusadeExample = {
  id: '8b9c0d1e-2f3a-4b5c-9d6e-7f8a9b0c1d2e',
  name: 'Q1 sellers',
  schedule: { days: [1, 2, 3, 4, 5], windowStart: '10:00', windowEnd: '18:00', timeZone: 'America/Chicago', throttlePerMinute: 60 },
  campaigns: [{ id: running.id, name: running.name, status: running.status, pausedReason: null, counts: running.counts }],
  rollup: running.counts,
  createdBy: 'CRM sync',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
}
const crusadeInputExample = { name: crusadeExample.name, ...crusadeExample.schedule }
const crusadeAnswer = z.object({ crusade: CrusadeSchema })
const CRUSADE_NAME_TAKEN = { crusade_name_taken: 'another crusade of the organization has this name' }

export const listCrusades = defineOperation({
  operationId: 'listCrusades',
  method: 'GET',
  path: '/api/v1/crusades',
  summary: 'List crusades',
  description: 'The organization’s crusades, newest first, a page at a time, each with its campaigns and their counts added up.',
  tag: 'Crusades',
  auth: { scope: 'campaigns:read' },
  query: pageQuery,
  responses: { 200: { description: 'One page of crusades.', body: pageSchema(CrusadeSchema, 'CrusadePage'), example: { data: [crusadeExample], nextCursor: null } } },
})

export const createCrusade = defineOperation({
  operationId: 'createCrusade',
  method: 'POST',
  path: '/api/v1/crusades',
  summary: 'Create a crusade',
  description: 'A group of campaigns that share one schedule and one throttle. Put a campaign in it with its `crusadeId`.',
  tag: 'Crusades',
  auth: { scope: 'campaigns:write' },
  idempotency: 'optional',
  body: { json: { schema: CrusadeInputSchema, example: crusadeInputExample } },
  responses: { 201: { description: 'The crusade.', body: crusadeAnswer, example: { crusade: { ...crusadeExample, campaigns: [], rollup: counts } } } },
  errors: { 409: CRUSADE_NAME_TAKEN },
})

export const getCrusade = defineOperation({
  operationId: 'getCrusade',
  method: 'GET',
  path: '/api/v1/crusades/{id}',
  summary: 'A crusade',
  description: 'The crusade with its campaigns, each with its counts, and their rollup.',
  tag: 'Crusades',
  auth: { scope: 'campaigns:read' },
  params: crusadeParams,
  responses: { 200: { description: 'The crusade.', body: crusadeAnswer, example: { crusade: crusadeExample } } },
  errors: { 404: CRUSADE_NOT_FOUND },
})

export const updateCrusade = defineOperation({
  operationId: 'updateCrusade',
  method: 'PUT',
  path: '/api/v1/crusades/{id}',
  summary: 'Change a crusade',
  description: 'Replaces its name, schedule and throttle. Messages already queued keep their slots; later ones follow the change.',
  tag: 'Crusades',
  auth: { scope: 'campaigns:write' },
  params: crusadeParams,
  body: { json: { schema: CrusadeInputSchema, example: { ...crusadeInputExample, throttlePerMinute: 120 } } },
  responses: { 200: { description: 'The crusade as changed.', body: crusadeAnswer, example: { crusade: { ...crusadeExample, schedule: { ...crusadeExample.schedule, throttlePerMinute: 120 } } } } },
  errors: { 404: CRUSADE_NOT_FOUND, 409: CRUSADE_NAME_TAKEN },
})

export const deleteCrusade = defineOperation({
  operationId: 'deleteCrusade',
  method: 'DELETE',
  path: '/api/v1/crusades/{id}',
  summary: 'Delete a crusade',
  description: 'Deletes a crusade whose campaigns are drafts or have ended (audited); its campaigns are kept, outside any crusade. A crusade with a campaign still scheduled, running or paused is refused.',
  tag: 'Crusades',
  auth: { scope: 'campaigns:write' },
  params: crusadeParams,
  responses: { 204: { description: 'Deleted.' } },
  errors: { 404: CRUSADE_NOT_FOUND, 409: { crusade_has_live_campaigns: 'a campaign of the crusade is scheduled, running or paused' } },
})
