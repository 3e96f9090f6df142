import { pool } from '~/utils/db.server'

/**
 * One organization's identity graph as plain, sorted data: every entity by
 * its natural key, every link with its provenance (the import as its file's
 * hash, the row, the column), every promoted scalar with its confidence.
 * Generated ids and wall-clock timestamps are left out, so two runs of the
 * same file (or one interrupted and resumed) can be compared whole.
 */
export async function graphSnapshot(organizationId: string) {
  const q = async (text: string) => (await pool.query(text, [organizationId])).rows.map((r) => JSON.stringify(r)).sort()
  return {
    identities: await q(`
      SELECT identity_hash, first_name, middle_name, last_name, suffix, full_name, name_confidence, age, age_confidence,
             deceased, deceased_confidence
        FROM identities WHERE organization_id = $1`),
    properties: await q(`
      SELECT to_jsonb(p) - 'id' - 'organization_id' - 'created_at'
             - ARRAY(SELECT k FROM jsonb_object_keys(to_jsonb(p)) k WHERE k LIKE '%_seen_at') AS p
        FROM properties p WHERE organization_id = $1`),
    identityPhones: await q(`
      SELECT i.identity_hash, n.e164, ip.position, ip.source, ip.confidence, f.sha256 AS file, ip.row_no, ip.source_column
        FROM identity_phones ip JOIN identities i ON i.id = ip.identity_id JOIN phone_numbers n ON n.id = ip.phone_id
        LEFT JOIN import_files f ON f.id = ip.import_file_id
       WHERE i.organization_id = $1`),
    identityEmails: await q(`
      SELECT i.identity_hash, e.address, ie.position, ie.source, ie.confidence, f.sha256 AS file, ie.row_no, ie.source_column
        FROM identity_emails ie JOIN identities i ON i.id = ie.identity_id JOIN email_addresses e ON e.id = ie.email_id
        LEFT JOIN import_files f ON f.id = ie.import_file_id
       WHERE i.organization_id = $1`),
    identityProperties: await q(`
      SELECT i.identity_hash, p.property_hash, ip.role, ip.source, ip.confidence, f.sha256 AS file, ip.row_no, ip.source_column
        FROM identity_properties ip JOIN identities i ON i.id = ip.identity_id JOIN properties p ON p.id = ip.property_id
        LEFT JOIN import_files f ON f.id = ip.import_file_id
       WHERE i.organization_id = $1`),
    leads: await q(`
      SELECT i.identity_hash, p.property_hash, v.key AS vertical, l.status, f.sha256 AS file, l.row_no
        FROM leads l JOIN identities i ON i.id = l.identity_id JOIN properties p ON p.id = l.property_id
        JOIN verticals v ON v.id = l.vertical_id LEFT JOIN import_files f ON f.id = l.import_file_id
       WHERE l.organization_id = $1`),
    leadEvents: await q(`
      SELECT i.identity_hash, p.property_hash, e.kind, f.sha256 AS file, x.number AS extraction, e.row_no
        FROM lead_events e JOIN leads l ON l.id = e.lead_id JOIN identities i ON i.id = l.identity_id
        JOIN properties p ON p.id = l.property_id LEFT JOIN import_files f ON f.id = e.import_file_id
        LEFT JOIN import_extractions x ON x.id = e.extraction_id
       WHERE e.organization_id = $1`),
    consentEvents: await q(`
      SELECT scope, kind, e164, source, evidence->>'sha256' AS file, evidence->'rowNo' AS row_no, evidence->>'column' AS source_column
        FROM consent_events WHERE organization_id = $1`),
  }
}

export type GraphSnapshot = Awaited<ReturnType<typeof graphSnapshot>>
