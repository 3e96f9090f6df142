import { z } from 'zod'
import 'zod-openapi'
import { MediaSchema } from './media.server'
import { LINT_MESSAGES } from '~/modules/templates/lint-template'
import { TEMPLATE_BODY_MAX, TEMPLATE_NAME_MAX, templateInput } from '~/modules/templates/template-input'
import { MERGE_FIELDS } from '~/modules/templates/template-syntax'
import { pageQuery, pageSchema } from '~/utils/api/pagination.server'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * The templates endpoints: the messages campaigns send, with merge fields,
 * spintax, their segment count and the compliance lint. The modules are in
 * app/modules/templates (docs/decisions/044).
 */

const templateId = z.uuid().meta({ description: 'The template id.', example: '2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a2b3c4d' })
const params = z.object({ id: templateId })
const MEDIA_NOT_FOUND = { media_not_found: '`mediaId` names no media of the organization' }
const TEMPLATE_NOT_FOUND = { template_not_found: 'no such template in the organization (another organization’s answers the same)' }

const lintCodes = Object.keys(LINT_MESSAGES) as [keyof typeof LINT_MESSAGES, ...(keyof typeof LINT_MESSAGES)[]]

const LintIssueSchema = z
  .object({
    code: z.enum(lintCodes),
    severity: z.enum(['error', 'warning']).meta({ description: '`error`: a campaign will not send it as it is. `warning`: it can go, at a cost or a risk.' }),
    message: z.string(),
    detail: z.string().optional().meta({ description: 'Which characters, domain or field, where the issue has them.' }),
  })
  .meta({ id: 'TemplateLintIssue' })

const TemplateSchema = z
  .object({
    id: templateId,
    name: z.string(),
    body: z.string(),
    firstContact: z.boolean().meta({ description: 'A first message to someone who has not texted the organization: it must say how to opt out, and should say who is writing.' }),
    kind: z.enum(['sms', 'mms']).meta({ description: '`mms` when it has an image (`media`): each message is one MMS, billed as one whatever its length. `sms` otherwise.' }),
    media: MediaSchema.nullable().meta({ description: 'The image each message carries (an MMS template), or null.' }),
    variants: z.int().min(1).meta({ description: 'How many different messages the spintax makes.' }),
    longest: z
      .object({
        text: z.string().meta({ description: 'The longest variant, with sample values in the merge fields.' }),
        encoding: z.enum(['GSM-7', 'UCS-2']).meta({ description: '`UCS-2` when a character outside the GSM-7 alphabet (a curly quote, an emoji) is in it: 70 characters per segment instead of 160.' }),
        segments: z.int().min(0).meta({ description: 'Segments it is billed and sent as; 1 for an MMS, whatever its length.' }),
        characters: z.int().min(0).meta({ description: 'Characters as the encoding counts them (GSM-7 extension characters such as `€` count 2).' }),
      })
      .meta({ description: 'What a message of the template costs at most.' }),
    lint: z.array(LintIssueSchema).meta({ description: 'Compliance and cost issues, errors first. An MMS has no segment warnings (`forces_ucs2`, `too_long`).' }),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    archivedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Template' })

const fieldTable = MERGE_FIELDS.map((f) => `| \`{${f.key}}\` | ${f.label} |`).join('\n')
const lintTable = Object.entries(LINT_MESSAGES)
  .map(([code, meaning]) => `| \`${code}\` | ${meaning} |`)
  .join('\n')

const TemplateInputSchema = z
  .object({
    name: templateInput.shape.name.meta({ description: `1–${TEMPLATE_NAME_MAX} characters, unique in the organization (archived templates included).` }),
    body: templateInput.shape.body.meta({
      description: `1–${TEMPLATE_BODY_MAX.toLocaleString('en-US')} characters; merge fields and spintax as described above. Braces that do not parse are refused, each with its reason.`,
    }),
    firstContact: z.boolean().default(true).meta({ description: 'A first message (the default); false for follow-ups in a conversation.' }),
    mediaId: z
      .uuid()
      .nullable()
      .default(null)
      .meta({ description: 'An image of the organization (`POST /api/v1/media` answers its id): the template becomes an MMS. Null or left out: an SMS template (a `PUT` without it removes the image).' }),
  })
  .strict()

const example = {
  id: '2c4e6a8b-0d1f-4a3b-8c5d-7e9f1a2b3c4d',
  name: 'Seller intro',
  body: '{Hi|Hello} {first_name|there}, this is {sender_name} with {company_name}. Still thinking of selling {property_address}? Reply STOP to opt out.',
  firstContact: true,
  kind: 'sms',
  media: null,
  variants: 2,
  longest: {
    text: 'Hello Dana, this is Sam with Lone Star Homes. Still thinking of selling 12 Oak St? Reply STOP to opt out.',
    encoding: 'GSM-7',
    segments: 1,
    characters: 106,
  },
  lint: [],
  createdBy: 'CRM sync',
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
  archivedAt: null,
}

const syntaxDescription = [
  'Merge fields are filled from each lead: `{first_name}`, or with a fallback for leads without one, `{first_name|there}`. Spintax picks one option per message: `{Hi|Hello|Hey}`.',
  '',
  '| field | value |',
  '| --- | --- |',
  fieldTable,
  '',
  'With a `mediaId` (an image uploaded with `POST /api/v1/media`) the template is an MMS: each message carries the image and is billed as one message, so the segment count and the segment warnings do not apply; the rest of the lint does.',
  '',
  'Each template comes back with its `kind`, `media`, `variants`, the `longest` message (its encoding and segments) and its `lint`:',
  '',
  '| lint | meaning |',
  '| --- | --- |',
  lintTable,
].join('\n')

export const listTemplates = defineOperation({
  operationId: 'listTemplates',
  method: 'GET',
  path: '/api/v1/templates',
  summary: 'List templates',
  description: 'The organization’s templates, newest first, a page at a time; archived ones with `archived=true`.',
  tag: 'Templates',
  auth: { scope: 'campaigns:read' },
  query: pageQuery.extend({
    archived: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true')
      .meta({ description: '`true` lists the archived templates instead.' }),
  }),
  responses: { 200: { description: 'One page of templates.', body: pageSchema(TemplateSchema, 'TemplatePage'), example: { data: [example], nextCursor: null } } },
})

export const createTemplate = defineOperation({
  operationId: 'createTemplate',
  method: 'POST',
  path: '/api/v1/templates',
  summary: 'Create a template',
  description: syntaxDescription,
  tag: 'Templates',
  auth: { scope: 'campaigns:write' },
  idempotency: 'optional',
  body: { json: { schema: TemplateInputSchema.meta({ id: 'TemplateInput' }), example: { name: example.name, body: example.body, firstContact: true } } },
  responses: { 201: { description: 'The template, with its variants, segments and lint.', body: z.object({ template: TemplateSchema }), example: { template: example } } },
  errors: { 404: MEDIA_NOT_FOUND, 409: { template_name_taken: 'another template of the organization has this name' } },
})

export const getTemplate = defineOperation({
  operationId: 'getTemplate',
  method: 'GET',
  path: '/api/v1/templates/{id}',
  summary: 'A template',
  description: 'Archived or not, with its variants, segments and lint.',
  tag: 'Templates',
  auth: { scope: 'campaigns:read' },
  params,
  responses: { 200: { description: 'The template.', body: z.object({ template: TemplateSchema }), example: { template: example } } },
  errors: { 404: TEMPLATE_NOT_FOUND },
})

export const updateTemplate = defineOperation({
  operationId: 'updateTemplate',
  method: 'PUT',
  path: '/api/v1/templates/{id}',
  summary: 'Change a template',
  description: 'Replaces its name, body, kind and image (`mediaId`; left out, the template has none). An archived template cannot change.',
  tag: 'Templates',
  auth: { scope: 'campaigns:write' },
  params,
  body: { json: { schema: TemplateInputSchema, example: { name: example.name, body: example.body, firstContact: true } } },
  responses: { 200: { description: 'The template as changed.', body: z.object({ template: TemplateSchema }), example: { template: example } } },
  errors: { 404: { ...TEMPLATE_NOT_FOUND, ...MEDIA_NOT_FOUND }, 409: { template_name_taken: 'another template of the organization has this name', template_archived: 'the template is archived', template_in_use: 'a launched campaign that has not ended is sending it' } },
})

export const archiveTemplate = defineOperation({
  operationId: 'archiveTemplate',
  method: 'DELETE',
  path: '/api/v1/templates/{id}',
  summary: 'Archive a template',
  description: 'It leaves the list and can no longer change, but stays readable. Archiving it again changes nothing.',
  tag: 'Templates',
  auth: { scope: 'campaigns:write' },
  params,
  responses: { 200: { description: 'The archived template.', body: z.object({ template: TemplateSchema }), example: { template: { ...example, archivedAt: '2026-12-01T09:00:00.000Z' } } } },
  errors: { 404: TEMPLATE_NOT_FOUND },
})
