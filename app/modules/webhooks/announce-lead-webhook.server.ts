import { announceWebhookEvent } from './emit-webhook-event.server'

/**
 * `lead.created` / `lead.updated` to the organization's endpoints, for a
 * lead written one at a time (writeLead: the API's create, update and
 * upsert by external ref). Call it after the write committed; imports
 * announce themselves once with `import.completed` instead.
 */
export async function announceLeadWritten(options: {
  organizationId: string
  leadId: string
  identityId: string
  created: boolean
  /** Who wrote it: `api`, `form`, `ghl`, … */
  source: string
  externalRef?: { system: string; externalId: string } | null
}) {
  return announceWebhookEvent({
    organizationId: options.organizationId,
    type: options.created ? 'lead.created' : 'lead.updated',
    data: { lead: { id: options.leadId, identityId: options.identityId }, source: options.source, externalRef: options.externalRef ?? null },
  })
}
