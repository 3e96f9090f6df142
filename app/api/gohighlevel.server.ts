import { z } from 'zod'
import 'zod-openapi'
import { defineOperation } from '~/utils/api/operation.server'

/**
 * GoHighLevel: push a lead to the organization's GHL location as a contact
 * (app/modules/integrations/gohighlevel, docs/decisions/054). Connecting GHL
 * is an administrator's job in Settings › GoHighLevel; the API only pushes.
 */

const GoHighLevelPushSchema = z
  .object({
    id: z.uuid(),
    leadId: z.uuid(),
    trigger: z.enum(['operator', 'api', 'positive_reply']).meta({ description: '`api` for a push through this endpoint; `operator` from the app; `positive_reply` when a reply read as interested pushed it.' }),
    status: z.enum(['pending', 'succeeded', 'failed']).meta({ description: '`pending` until the job has pushed it (GHL’s 429 and 5xx are retried with backoff for a few minutes).' }),
    requestedBy: z.string(),
    contactId: z.string().nullable().meta({ description: 'The GoHighLevel contact id, once pushed.' }),
    contactCreated: z.boolean().nullable().meta({ description: 'Whether GoHighLevel created the contact (true) or updated one it had (false).' }),
    error: z.string().nullable().meta({ description: 'Why the push failed, or the last error of a push still being retried.' }),
    attempts: z.int().min(0),
    webhookStatus: z.int().nullable().meta({ description: 'What the Inbound Webhook URL answered (HTTP status), when one is set.' }),
    webhookError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'GoHighLevelPush' })

export const pushLeadToGoHighLevel = defineOperation({
  operationId: 'pushLeadToGoHighLevel',
  method: 'POST',
  path: '/api/v1/leads/{id}/push/gohighlevel',
  summary: 'Push a lead to GoHighLevel',
  description: [
    'Queues the lead for the organization’s GoHighLevel location: a job upserts it as a GHL contact (name, the number a text would go to, email, the property address, the tags set in Settings › GoHighLevel, source `esd.quest`, and `dnd` when the number opted out) and maps the contact id to the lead, so a second push updates the same contact. When an Inbound Webhook URL is set, the lead is also posted there in a flat shape (see docs/integrations.md).',
    '',
    'The answer is the push as queued (`pending`); GHL’s answer is on the push in Settings › GoHighLevel and in the `gohighlevel.push_*` audit entries.',
  ].join('\n'),
  tag: 'Leads',
  auth: { scope: 'leads:write' },
  idempotency: 'optional',
  params: z.object({ id: z.uuid().meta({ description: 'The lead id.', example: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a' }) }),
  responses: {
    202: {
      description: 'The push, queued.',
      body: z.object({ push: GoHighLevelPushSchema }),
      example: {
        push: {
          id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
          leadId: '5d2e8f1a-3b4c-4d5e-9f6a-7b8c9d0e1f2a',
          trigger: 'api',
          status: 'pending',
          requestedBy: 'CRM sync',
          contactId: null,
          contactCreated: null,
          error: null,
          attempts: 0,
          webhookStatus: null,
          webhookError: null,
          createdAt: '2026-11-30T12:00:00.000Z',
          finishedAt: null,
        },
      },
    },
  },
  errors: {
    404: { lead_not_found: 'no such lead in the organization (another organization’s answers the same)' },
    409: {
      gohighlevel_not_configured: 'the organization has not connected GoHighLevel',
      gohighlevel_disabled: 'pushing to GoHighLevel is turned off',
      gohighlevel_failing: 'GoHighLevel refused the saved token; an administrator must fix it first',
    },
    422: { lead_not_pushable: 'the lead has neither a phone nor an email' },
  },
})
