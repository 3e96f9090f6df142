import { z } from 'zod'
import 'zod-openapi'
import {
  LEAD_FORM_DISCLOSURE_MAX,
  LEAD_FORM_DISCLOSURE_MIN,
  LEAD_FORM_HEADLINE_MAX,
  LEAD_FORM_INTRO_MAX,
  LEAD_FORM_NAME_MAX,
  LEAD_FORM_TAGS_MAX,
  LEAD_FORM_THANK_YOU_MAX,
  leadFormInput,
} from '~/modules/forms/lead-form-input'
import { pageQuery, pageSchema } from '~/utils/api/pagination.server'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * The lead-form endpoints: hosted opt-in forms (a public page at /f/{slug}
 * and an iframe of it) and their submissions with the consent evidence each
 * stored. The modules are in app/modules/forms (docs/decisions/053).
 */

const formId = z.uuid().meta({ description: 'The form id.', example: '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b' })
const params = z.object({ id: formId })
const FORM_NOT_FOUND = { lead_form_not_found: 'no such form in the organization (another organization’s answers the same)' }
const VERTICAL_NOT_FOUND = { vertical_not_found: '`verticalId` names no vertical of the organization' }

const LeadFormSchema = z
  .object({
    id: formId,
    slug: z.string().meta({ description: 'The random part of the public address.' }),
    url: z.string().meta({ description: 'The public address of the form: link to it, or embed it in an `<iframe>` (any site may frame it).' }),
    name: z.string(),
    headline: z.string(),
    intro: z.string().nullable(),
    disclosureText: z.string().meta({ description: 'The consent language shown beside the checkbox; each submission stores the exact text it showed.' }),
    disclosureVersion: z.int().min(1).meta({ description: 'Goes up by one each time the disclosure text changes.' }),
    doubleOptIn: z.boolean().meta({ description: 'Each submission is asked by SMS (through the send gate) to reply YES; the YES is recorded as a second consent grant.' }),
    verticalId: z.uuid().nullable(),
    tags: z.array(z.string()).meta({ description: 'Tags given to the leads the form creates.' }),
    thankYouText: z.string(),
    enabled: z.boolean().meta({ description: 'A disabled form’s address answers 404.' }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'LeadForm' })

const LeadFormInputSchema = z
  .object({
    name: leadFormInput.shape.name.meta({ description: `1–${LEAD_FORM_NAME_MAX} characters, unique in the organization.` }),
    headline: leadFormInput.shape.headline.meta({ description: `1–${LEAD_FORM_HEADLINE_MAX} characters: the form’s title.` }),
    intro: leadFormInput.shape.intro.meta({ description: `Up to ${LEAD_FORM_INTRO_MAX} characters under the headline, or null.` }),
    disclosureText: leadFormInput.shape.disclosureText.meta({
      description: `Required, ${LEAD_FORM_DISCLOSURE_MIN}–${LEAD_FORM_DISCLOSURE_MAX} characters: the TCPA consent language shown beside the checkbox (who will text, about what, that consent is not a condition of purchase, how to opt out). A change makes a new version.`,
    }),
    doubleOptIn: leadFormInput.shape.doubleOptIn,
    verticalId: leadFormInput.shape.verticalId.meta({ description: 'The vertical of the leads it creates; null for the organization’s default.' }),
    tags: leadFormInput.shape.tags.meta({ description: `Up to ${LEAD_FORM_TAGS_MAX} tags for the leads it creates.` }),
    thankYouText: leadFormInput.shape.thankYouText.meta({ description: `1–${LEAD_FORM_THANK_YOU_MAX} characters shown after a submission.` }),
    enabled: leadFormInput.shape.enabled,
  })
  .strict()
  .meta({ id: 'LeadFormInput' })

const SubmissionSchema = z
  .object({
    id: z.uuid(),
    formId,
    outcome: z.enum(['accepted', 'spam', 'rate_limited', 'invalid']).meta({ description: '`accepted`: a lead was written and the consent recorded. `spam` (the honeypot was filled), `rate_limited` and `invalid` keep nothing about the person.' }),
    name: z.string().nullable(),
    phone: z.string().nullable().meta({ description: 'E.164.' }),
    email: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    pageUrl: z.string().nullable().meta({ description: 'The page the form was embedded in, as far as its referrer policy told.' }),
    disclosureText: z.string().nullable().meta({ description: 'The exact disclosure text the person saw.' }),
    disclosureVersion: z.int().nullable(),
    leadId: z.uuid().nullable(),
    consentEventId: z.string().nullable().meta({ description: 'The `consent_granted` event with this evidence (`GET /api/v1/consent/{phone}` lists it).' }),
    confirmation: z.enum(['not_required', 'pending', 'confirmed']).meta({ description: 'Double opt-in: `pending` until the person replies YES, then `confirmed`.' }),
    confirmedAt: z.iso.datetime().nullable(),
    invalidFields: z.array(z.string()).meta({ description: 'For an `invalid` submission: the fields at fault.' }),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'LeadFormSubmission' })

const example = {
  id: '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b',
  slug: 'q3Vt9xL2mKp0',
  url: 'https://app.esd.quest/f/q3Vt9xL2mKp0',
  name: 'Website sellers',
  headline: 'Get a cash offer for your house',
  intro: 'Tell us how to reach you and we will text you an offer within a day.',
  disclosureText:
    'By checking this box I agree to receive marketing text messages from Lone Star Homes at the number above, sent with automated technology. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to opt out, HELP for help.',
  disclosureVersion: 1,
  doubleOptIn: false,
  verticalId: null,
  tags: ['website'],
  thankYouText: 'Thanks! We will text you shortly.',
  enabled: true,
  createdBy: 'CRM sync',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
}
const inputExample = { name: example.name, headline: example.headline, intro: example.intro, disclosureText: example.disclosureText, doubleOptIn: false, tags: ['website'] }

const submissionExample = {
  id: '0b9e8d7c-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
  formId: example.id,
  outcome: 'accepted',
  name: 'Dana Whitfield',
  phone: '+15128675309',
  email: 'dana@example.com',
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)',
  pageUrl: 'https://lonestarhomes.example/sell',
  disclosureText: example.disclosureText,
  disclosureVersion: 1,
  leadId: '2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a2b3c4d',
  consentEventId: '1043',
  confirmation: 'not_required',
  confirmedAt: null,
  invalidFields: [],
  createdAt: '2026-11-30T12:05:00.000Z',
}

export const listLeadForms = defineOperation({
  operationId: 'listLeadForms',
  method: 'GET',
  path: '/api/v1/forms',
  summary: 'List lead forms',
  description: 'The organization’s hosted lead forms, newest first, a page at a time.',
  tag: 'Forms',
  auth: { scope: 'forms:read' },
  query: pageQuery,
  responses: { 200: { description: 'One page of forms.', body: pageSchema(LeadFormSchema, 'LeadFormPage'), example: { data: [example], nextCursor: null } } },
})

export const createLeadForm = defineOperation({
  operationId: 'createLeadForm',
  method: 'POST',
  path: '/api/v1/forms',
  summary: 'Create a lead form',
  description: 'A hosted opt-in form at a new random public address (`url`), enabled unless `enabled` is false. The disclosure text is required.',
  tag: 'Forms',
  auth: { scope: 'forms:write' },
  idempotency: 'optional',
  body: { json: { schema: LeadFormInputSchema, example: inputExample } },
  responses: { 201: { description: 'The form.', body: z.object({ form: LeadFormSchema }), example: { form: example } } },
  errors: { 404: VERTICAL_NOT_FOUND, 409: { lead_form_name_taken: 'another form of the organization has this name' } },
})

export const getLeadForm = defineOperation({
  operationId: 'getLeadForm',
  method: 'GET',
  path: '/api/v1/forms/{id}',
  summary: 'A lead form',
  description: 'The form with its public address and current disclosure version.',
  tag: 'Forms',
  auth: { scope: 'forms:read' },
  params,
  responses: { 200: { description: 'The form.', body: z.object({ form: LeadFormSchema }), example: { form: example } } },
  errors: { 404: FORM_NOT_FOUND },
})

export const updateLeadForm = defineOperation({
  operationId: 'updateLeadForm',
  method: 'PUT',
  path: '/api/v1/forms/{id}',
  summary: 'Change a lead form',
  description: 'Replaces every field (left out: its default). A new disclosure text raises `disclosureVersion`; earlier submissions keep the text they showed. The address never changes; `enabled: false` takes the form down.',
  tag: 'Forms',
  auth: { scope: 'forms:write' },
  params,
  body: { json: { schema: LeadFormInputSchema, example: { ...inputExample, enabled: false } } },
  responses: { 200: { description: 'The form as changed.', body: z.object({ form: LeadFormSchema }), example: { form: { ...example, enabled: false } } } },
  errors: { 404: { ...FORM_NOT_FOUND, ...VERTICAL_NOT_FOUND }, 409: { lead_form_name_taken: 'another form of the organization has this name' } },
})

export const listLeadFormSubmissions = defineOperation({
  operationId: 'listLeadFormSubmissions',
  method: 'GET',
  path: '/api/v1/forms/{id}/submissions',
  summary: 'List a form’s submissions',
  description: 'Every submission, newest first, with the consent evidence it stored: name, number, email, IP, user agent, embedding page, time, the exact disclosure text and its version, the lead and the consent event; spam, rate-limited and invalid ones with their outcome only.',
  tag: 'Forms',
  auth: { scope: 'forms:read' },
  params,
  query: pageQuery,
  responses: { 200: { description: 'One page of submissions.', body: pageSchema(SubmissionSchema, 'LeadFormSubmissionPage'), example: { data: [submissionExample], nextCursor: null } } },
  errors: { 404: FORM_NOT_FOUND },
})
