import { decideConsentByPurpose } from '~/modules/compliance/decide-sends.server'
import { leadSendPhoneSql } from '~/modules/messaging/lead-send-phone-sql'
import { AppError } from '~/utils/app-error'
import { pool } from '~/utils/db.server'
import type { LeadForGhl } from './gohighlevel-lead-shape'

/**
 * A lead of the organization as GoHighLevel gets it: name, the number a text
 * goes to, first email, the property address, and the latest reply (the
 * given inbound message, else the newest of the lead's conversations).
 * Another organization's lead is not found (404).
 */
export async function loadLeadForGoHighLevel(options: { organizationId: string; leadId: string; messageId?: string | null }): Promise<LeadForGhl> {
  const { rows } = await pool.query<{
    id: string; first_name: string | null; last_name: string | null; full_name: string; phone: string | null; email: string | null
    line1: string; city: string; state: string; postal_code: string; vertical: string; status: string; grade: string | null; tags: string[] | null
  }>(
    `SELECT l.id, i.first_name, i.last_name, i.full_name, ${leadSendPhoneSql('l.identity_id')} AS phone,
            (SELECT e.address FROM identity_emails ie JOIN email_addresses e ON e.id = ie.email_id
              WHERE ie.identity_id = l.identity_id ORDER BY ie.position, ie.confidence DESC, ie.created_at LIMIT 1) AS email,
            p.line1, p.city, p.state, p.postal_code, v.name AS vertical, l.status::text AS status, l.grade, l.tags
       FROM leads l JOIN identities i ON i.id = l.identity_id JOIN properties p ON p.id = l.property_id JOIN verticals v ON v.id = l.vertical_id
      WHERE l.id = $1 AND l.organization_id = $2`,
    [options.leadId, options.organizationId],
  )
  const lead = rows[0]
  if (!lead) throw new AppError('lead_not_found', 'No such lead in the organization.', 404)
  const reply = await pool.query<{ body: string; created_at: Date }>(
    options.messageId
      ? `SELECT m.body, m.created_at FROM messages m WHERE m.id = $1 AND m.organization_id = $2 AND m.direction = 'inbound' LIMIT 1`
      : `SELECT m.body, m.created_at FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.direction = 'inbound'
          WHERE c.lead_id = $1 AND c.organization_id = $2 ORDER BY m.created_at DESC LIMIT 1`,
    [options.messageId ?? options.leadId, options.organizationId],
  )
  // The stricter standing: GHL workflows may send marketing, so anything that would block our marketing marks the contact DND.
  const doNotText = lead.phone
    ? !(await decideConsentByPurpose({ organizationId: options.organizationId, recipients: [{ to: lead.phone }] })).marketing[0]!.allowed
    : false
  return {
    leadId: lead.id,
    firstName: lead.first_name,
    lastName: lead.last_name,
    fullName: lead.full_name,
    phone: lead.phone,
    email: lead.email,
    address1: lead.line1,
    city: lead.city,
    state: lead.state.trim(),
    postalCode: lead.postal_code,
    vertical: lead.vertical,
    status: lead.status,
    grade: lead.grade,
    leadTags: lead.tags ?? [],
    doNotText,
    lastReply: reply.rows[0] ? { body: reply.rows[0].body, at: reply.rows[0].created_at } : null,
  }
}
