import type { MergeValues } from '~/modules/templates/template-syntax'

/** A lead's facts as the campaign queries read them. */
export type LeadMergeRow = {
  first_name: string | null
  last_name: string | null
  full_name: string | null
  line1: string | null
  city: string | null
  state: string | null
  postal_code: string | null
}

/** The merge fields of a template for one lead of a campaign. */
export function campaignMergeValues(row: LeadMergeRow, campaign: { senderName: string | null; organizationName: string }): MergeValues {
  return {
    first_name: row.first_name,
    last_name: row.last_name,
    full_name: row.full_name,
    property_address: row.line1,
    property_city: row.city,
    property_state: row.state,
    property_zip: row.postal_code,
    sender_name: campaign.senderName,
    company_name: campaign.organizationName,
  }
}

/** The SQL columns campaignMergeValues reads, for a lead `l` with identity `i` and property `pr`. */
export const LEAD_MERGE_COLUMNS = 'i.first_name, i.last_name, i.full_name, pr.line1, pr.city, pr.state::text AS state, pr.postal_code'
