import type { GhlContactInput } from './ghl-client.server'

/**
 * What a lead looks like to GoHighLevel: the contact body of the API's upsert
 * and the flat JSON posted to a workflow's Inbound Webhook trigger (snake
 * case, one level, so GHL's mapping screen lists every field). Pure.
 */

export type LeadForGhl = {
  leadId: string
  firstName: string | null
  lastName: string | null
  fullName: string
  /** The number a text to the lead goes to (E.164), or null. */
  phone: string | null
  email: string | null
  address1: string
  city: string
  state: string
  postalCode: string
  vertical: string
  status: string
  grade: string | null
  leadTags: string[]
  /** The lead's number is closed to texts in esd.quest (opted out, litigator, …). */
  doNotText: boolean
  lastReply: { body: string; at: Date } | null
}

export const GHL_SOURCE = 'esd.quest'

export type GhlPushTrigger = 'operator' | 'api' | 'positive_reply'

export function ghlContactFor(lead: LeadForGhl, settings: { locationId: string; tags: string[] }): GhlContactInput {
  const contact: GhlContactInput = {
    locationId: settings.locationId,
    name: lead.fullName,
    address1: lead.address1,
    city: lead.city,
    state: lead.state,
    postalCode: lead.postalCode,
    tags: [...new Set(settings.tags)],
    source: GHL_SOURCE,
  }
  // Only ever set: `dnd: false` would lift a do-not-disturb GHL recorded itself (a STOP sent inside GHL).
  if (lead.doNotText) contact.dnd = true
  if (lead.firstName) contact.firstName = lead.firstName
  if (lead.lastName) contact.lastName = lead.lastName
  if (lead.phone) contact.phone = lead.phone
  if (lead.email) contact.email = lead.email
  return contact
}

/** The Inbound Webhook body; docs/integrations.md lists its fields. */
export function ghlWebhookPayload(
  lead: LeadForGhl,
  push: { id: string; trigger: GhlPushTrigger; contactId: string | null; at: Date; leadUrl: string },
  settings: { tags: string[] },
) {
  return {
    first_name: lead.firstName ?? '',
    last_name: lead.lastName ?? '',
    full_name: lead.fullName,
    phone: lead.phone ?? '',
    email: lead.email ?? '',
    address1: lead.address1,
    city: lead.city,
    state: lead.state,
    postal_code: lead.postalCode,
    country: 'US',
    tags: [...new Set(settings.tags)].join(','),
    source: GHL_SOURCE,
    do_not_text: lead.doNotText,
    esd_lead_id: lead.leadId,
    esd_lead_url: push.leadUrl,
    esd_vertical: lead.vertical,
    esd_status: lead.status,
    esd_grade: lead.grade ?? '',
    esd_lead_tags: lead.leadTags.join(','),
    esd_push_id: push.id,
    esd_trigger: push.trigger,
    ghl_contact_id: push.contactId ?? '',
    last_reply: lead.lastReply?.body ?? '',
    last_reply_at: lead.lastReply?.at.toISOString() ?? '',
    pushed_at: push.at.toISOString(),
  }
}
