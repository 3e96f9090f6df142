import { z } from 'zod'
import 'zod-openapi'
import { GATE_BLOCK_REASONS } from '~/modules/compliance/gate-block-reasons'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * The consent endpoints: record an opt-out, a revocation or a consent grant
 * with its evidence, and read where a number stands. The modules are
 * app/modules/compliance/record-consent-event and get-consent-standing; the
 * send gate reads the same standing (docs/decisions/038).
 */

const RECORDABLE_KINDS = ['opt_out', 'opt_in', 'consent_granted', 'complaint', 'wrong_number', 'dnc_listed', 'dnc_delisted'] as const

const phone = z.string().min(3).max(40).meta({ description: 'The number, in E.164 or a US format (`(512) 867-5309`).', example: '+15128675309' })

const ConsentEventSchema = z
  .object({
    id: z.string().meta({ description: 'The event id (events are append-only; a later one supersedes an earlier one of the opposite meaning).' }),
    scope: z.enum(['organization', 'platform']).meta({ description: '`platform` events are lists that hold for every organization (known litigators).' }),
    kind: z.enum(['opt_out', 'opt_in', 'dnc_listed', 'litigator_listed', 'complaint', 'wrong_number', 'consent_granted', 'dnc_delisted']),
    source: z.string().meta({ description: '`api`, `operator`, `import`, `inbound_sms`, …' }),
    evidence: z.unknown().meta({ description: 'What the event rests on, as recorded.' }),
    actorType: z.string(),
    actorLabel: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ConsentEvent' })

const reason = z.enum(Object.keys(GATE_BLOCK_REASONS) as [keyof typeof GATE_BLOCK_REASONS, ...(keyof typeof GATE_BLOCK_REASONS)[]])
const decision = z
  .object({ allowed: z.boolean(), reason: reason.nullable().meta({ description: 'Why the gate blocks, or null.' }) })
  .meta({ id: 'ConsentDecision' })

export const ConsentStandingSchema = z
  .object({
    e164: z.string(),
    decisions: z
      .object({ marketing: decision, reply: decision })
      .meta({ description: 'What the send gate’s consent rules decide for the number, by purpose: `marketing` (outreach) and `reply` (in a conversation). Quiet hours, a matter of when, are checked at each send.' }),
    events: z.array(ConsentEventSchema).meta({ description: 'The latest 20 events of the organization and the platform lists, newest first.' }),
  })
  .meta({ id: 'ConsentStanding' })

const standingExample = {
  e164: '+15128675309',
  decisions: { marketing: { allowed: false, reason: 'opted_out' }, reply: { allowed: false, reason: 'opted_out' } },
  events: [
    {
      id: '1042',
      scope: 'organization',
      kind: 'opt_out',
      source: 'api',
      evidence: { crmTicket: 'T-5531', note: 'Asked by phone not to be texted' },
      actorType: 'api_key',
      actorLabel: 'CRM sync',
      createdAt: '2026-11-29T12:00:00.000Z',
    },
  ],
}

export const recordConsentEvent = defineOperation({
  operationId: 'recordConsentEvent',
  method: 'POST',
  path: '/api/v1/consent-events',
  summary: 'Record an opt-out, a revocation or a consent grant',
  description: [
    'Adds an event to the number’s consent record in the organization. It takes effect at once: every sender of the organization, every queued and future message, goes through the send gate, which reads it.',
    '',
    '- `opt_out`, `complaint`, `wrong_number`: the number is not texted again until an `opt_in` or `consent_granted` recorded after it.',
    '- `opt_in`, `consent_granted`: need `evidence` (what the person said or signed, and where it is kept). `consent_granted` is also the consent basis marketing may require and that lets a DNC-listed number be texted.',
    '- `dnc_listed`: the number is on a do-not-call list the organization keeps.',
    '- `dnc_delisted`: the number is taken off that list; needs `evidence` (why, and on whose word). It lifts the organization’s `dnc_listed` events recorded before it and nothing else: an opt-out, complaint, wrong number or litigator listing, the platform’s lists and the national registry still block. A `dnc_listed` recorded after it lists the number again.',
    '',
    'Events are append-only. Pass `evidenceKey` (your record’s id) so that recording the same fact twice adds nothing.',
  ].join('\n'),
  tag: 'Consent',
  auth: { scope: 'consent:write' },
  body: {
    json: {
      schema: z
        .object({
          phone,
          kind: z.enum(RECORDABLE_KINDS),
          evidence: z
            .record(z.string(), z.unknown())
            .default({})
            .meta({ description: 'What the event rests on: a note, a document or message reference, a timestamp. Required for `opt_in`, `consent_granted` and `dnc_delisted`.' }),
          evidenceKey: z.string().min(1).max(200).optional().meta({ description: 'Your id for this fact: the same key records nothing new.' }),
        })
        .strict()
        .meta({ id: 'RecordConsentEvent' }),
      example: { phone: '+15128675309', kind: 'opt_out', evidence: { crmTicket: 'T-5531', note: 'Asked by phone not to be texted' }, evidenceKey: 'crm:T-5531' },
    },
  },
  responses: {
    201: {
      description: 'Recorded (or, with an `evidenceKey` seen before, already recorded): the event and where the number stands now.',
      body: z.object({ event: ConsentEventSchema, standing: ConsentStandingSchema }),
      example: { event: standingExample.events[0], standing: standingExample },
    },
  },
  errors: {
    409: { evidence_key_reused: 'the `evidenceKey` already records a different event' },
    422: {
      invalid_phone_number: 'the phone is not a valid number',
      evidence_required: '`opt_in`, `consent_granted` and `dnc_delisted` need `evidence`',
    },
  },
})

export const getConsentStanding = defineOperation({
  operationId: 'getConsentStanding',
  method: 'GET',
  path: '/api/v1/consent/{phone}',
  summary: 'Where a number stands',
  description: 'What the send gate’s consent rules decide for the number (per purpose, with the reason when it blocks) and the events behind it. URL-encode the `+` of an E.164 number as `%2B`.',
  tag: 'Consent',
  auth: { scope: 'consent:read' },
  params: z.object({ phone }),
  responses: { 200: { description: 'The number’s standing.', body: z.object({ standing: ConsentStandingSchema }), example: { standing: standingExample } } },
  errors: { 422: { invalid_phone_number: 'the phone is not a valid number' } },
})
