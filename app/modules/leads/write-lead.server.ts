import { createHash } from 'node:crypto'
import type { PoolClient } from 'pg'
import type { Actor } from '~/modules/audit/actor'
import { actorId } from '~/modules/audit/actor'
import { recordAuditOnClient } from '~/modules/audit/record-audit-on-client.server'
import { setExternalRef } from '~/modules/integrations/external-refs.server'
import { addCounts, type Counts } from '~/modules/ingest/add-counts'
import { extractChunk } from '~/modules/ingest/extract-chunk'
import { IDENTITY_SCALARS, PROPERTY_SCALARS } from '~/modules/ingest/graph-fields'
import { mergeChunk, type MergeContext } from '~/modules/ingest/merge-chunk.server'
import { genericCsvParser } from '~/modules/ingest/parsers/generic-csv'
import { resolveRecord, type ResolvedRow } from '~/modules/ingest/resolve/resolve-record'
import { announceLeadWritten } from '~/modules/webhooks/announce-lead-webhook.server'
import { AppError } from '~/utils/app-error'
import { pool, prisma } from '~/utils/db.server'
import {
  API_LEAD_COLUMN_MAP,
  API_LEAD_HEADER,
  API_LEAD_ROW_VERSION,
  apiLeadCells,
  fieldOfColumn,
} from './api-lead-row'
import { leadInput, type LeadInput } from './lead-input'

/**
 * Creates or updates ONE lead through the import pipeline's own PARSE →
 * RESOLVE → MERGE (docs/decisions/050): the lead becomes a row of the
 * organization's "API lead writes" import (kept verbatim in file_rows), the
 * generic CSV parser reads it through a fixed column map, and mergeChunk
 * merges it in one transaction — the same code, the same identity hashes,
 * the same confidence/recency rules as an uploaded file. Writing the same
 * person at the same property twice matches, it does not duplicate.
 *
 * Tags and status are the lead's own (not graph facts) and are set after
 * MERGE, in the same transaction, as is the external ref and the audit row.
 * Consent is never taken here.
 */

export type WriteLeadSource = string

export type WriteLeadResult = {
  /** The lead (person × vertical × property); null only with `requireLead: false` and no property address. */
  leadId: string | null
  identityId: string
  propertyId: string | null
  /** The lead was new (false: an existing lead matched). */
  created: boolean
  /** The identity was new. */
  identityCreated: boolean
  /** Anything a reader of the lead would see changed (always true when created). */
  changed: boolean
  /** The E.164 numbers of the write, in its order. */
  phones: string[]
  emails: string[]
  /** The row of the API import that carries the write verbatim (provenance). */
  importFileId: string
  rowNo: number
}

/** The write's source on every link it adds (`import:…` for imports): `api`, `form`, `gohighlevel`, … */
const SOURCE = /^[a-z0-9][a-z0-9_:-]{0,63}$/

/** An API write states its facts: the caller's system of record wins over a vendor file of the same age. */
const WRITE_CONFIDENCE = 1

function validationError(fieldErrors: Record<string, string[]>, message = 'The lead is not valid.') {
  return new AppError('validation_failed', message, 422, { fieldErrors })
}

function addFieldError(fieldErrors: Record<string, string[]>, field: string, message: string) {
  ;(fieldErrors[field] ??= []).push(message)
}

/** RESOLVE of the lead's row, refused with field errors when any cell does not resolve (never a partial write). */
export function resolveLeadRow(lead: LeadInput, options: { requireLead: boolean }): { cells: string[]; resolved: ResolvedRow } {
  const cells = apiLeadCells(lead)
  const resolved = resolveRecord(genericCsvParser.parse(cells, API_LEAD_HEADER, API_LEAD_COLUMN_MAP), { needsPerson: true })
  const fieldErrors: Record<string, string[]> = {}
  for (const error of resolved.errors) {
    const field =
      error.kind === 'missing_name' || error.kind === 'no_anchor' ? 'fullName' : fieldOfColumn(error.column)
    const message =
      error.kind === 'missing_name'
        ? 'A lead needs the person’s name: firstName and lastName, or fullName.'
        : error.kind === 'no_anchor'
          ? 'A name alone cannot tell this person from a namesake: add a property address, a phone or an email.'
          : error.message
    addFieldError(fieldErrors, field, message)
  }
  if (options.requireLead && !resolved.property && !fieldErrors.propertyAddress) {
    addFieldError(fieldErrors, 'propertyAddress', 'A lead is a person at a property: give the property’s address (line1, city, state, postalCode).')
  }
  if (Object.keys(fieldErrors).length) {
    throw validationError(fieldErrors, `The lead is not valid: ${Object.values(fieldErrors).flat().join(' ')}`)
  }
  return { cells, resolved }
}

async function verticalIdFor(organizationId: string, key: string | undefined): Promise<string> {
  if (key) {
    const vertical = await prisma.vertical.findUnique({ where: { organizationId_key: { organizationId, key } }, select: { id: true } })
    if (!vertical) throw validationError({ vertical: [`The organization has no vertical "${key}".`] })
    return vertical.id
  }
  const verticals = await prisma.vertical.findMany({ where: { organizationId }, select: { id: true }, take: 2 })
  if (verticals.length !== 1) {
    throw validationError({
      vertical: [verticals.length ? 'The organization has several verticals: name the lead’s.' : 'The organization has no vertical yet: create one first.'],
    })
  }
  return verticals[0]!.id
}

type ApiImport = { importFileId: string; extractionId: string; sha256: string; rowNo: number; counts: Counts; extractionCounts: Counts }

/**
 * The organization's API import file and its one extraction (created on the
 * first write), and the next row number, under a per-organization lock that
 * serializes writes (row numbers stay gap-free, no duplicate file).
 */
async function claimApiImportRow(client: PoolClient, organizationId: string, payload: string[]): Promise<ApiImport> {
  const storageKey = `lead-writes/v${API_LEAD_ROW_VERSION}`
  await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`api-lead-writes:${organizationId}`])
  let file = (
    await client.query<{ id: string; sha256: string; land_next_row_no: number; counts: Counts }>(
      `SELECT id, sha256, land_next_row_no, counts FROM import_files
        WHERE organization_id = $1 AND storage = 'api' AND storage_key = $2 ORDER BY created_at LIMIT 1`,
      [organizationId, storageKey],
    )
  ).rows[0]
  if (!file) {
    const sha256 = createHash('sha256').update(`api-lead-writes|${organizationId}|${API_LEAD_ROW_VERSION}`).digest('hex')
    file = (
      await client.query<{ id: string; sha256: string; land_next_row_no: number; counts: Counts }>(
        `INSERT INTO import_files (id, organization_id, filename, byte_size, sha256, storage, storage_key, class, parser_key,
                                   parser_version, column_map, header, stage, status, land_next_row_no, row_count, progress,
                                   counts, created_at, updated_at, finished_at)
         VALUES (gen_random_uuid(), $1, 'Leads written through the API', 0, $2, 'api', $3, 'universe', $4, $5, $6::jsonb,
                 $7::jsonb, 'done', 'completed', 1, 0, '{}', '{}', now(), now(), now())
         RETURNING id, sha256, land_next_row_no, counts`,
        [organizationId, sha256, storageKey, genericCsvParser.key, genericCsvParser.version, JSON.stringify(API_LEAD_COLUMN_MAP), JSON.stringify(API_LEAD_HEADER)],
      )
    ).rows[0]!
    await client.query(
      `INSERT INTO import_extractions (id, import_file_id, number, parser_key, parser_version, column_map, confidence, reasons,
                                       status, next_row_no, counts, seen_at, started_at, finished_at)
       VALUES (gen_random_uuid(), $1, 1, $2, $3, $4::jsonb, $5, ARRAY['leads written through the API'], 'completed', 1, '{}', now(), now(), now())`,
      [file.id, genericCsvParser.key, genericCsvParser.version, JSON.stringify(API_LEAD_COLUMN_MAP), WRITE_CONFIDENCE],
    )
  }
  const extraction = (
    await client.query<{ id: string; counts: Counts }>(
      `SELECT id, counts FROM import_extractions WHERE import_file_id = $1 ORDER BY number DESC LIMIT 1`,
      [file.id],
    )
  ).rows[0]!
  const rowNo = file.land_next_row_no
  await client.query(`INSERT INTO file_rows (import_file_id, row_no, payload) VALUES ($1, $2, $3::json)`, [file.id, rowNo, JSON.stringify(payload)])
  await client.query(
    `UPDATE import_files SET land_next_row_no = $2 + 1, row_count = $2, byte_size = byte_size + $3, updated_at = now() WHERE id = $1`,
    [file.id, rowNo, Buffer.byteLength(JSON.stringify(payload))],
  )
  await client.query(`UPDATE import_extractions SET next_row_no = $2 + 1 WHERE id = $1`, [extraction.id, rowNo])
  return { importFileId: file.id, extractionId: extraction.id, sha256: file.sha256, rowNo, counts: file.counts, extractionCounts: extraction.counts }
}

/** What a reader of the lead sees, as one comparable value (confidences and sightings left out). */
async function leadFingerprint(client: PoolClient, where: { identityHash: string; propertyHash: string | null; organizationId: string; verticalId: string }) {
  const { rows } = await client.query<{ fingerprint: string }>(
    `SELECT json_build_array(
              l.id, l.status, l.tags, l.grade,
              i.first_name, i.middle_name, i.last_name, i.suffix, i.full_name, ${IDENTITY_SCALARS.map((f) => `i.${f.column}`).join(', ')},
              ${PROPERTY_SCALARS.map((f) => `p.${f.column}`).join(', ')},
              (SELECT array_agg(ip.phone_id ORDER BY ip.phone_id) FROM identity_phones ip WHERE ip.identity_id = i.id),
              (SELECT array_agg(ie.email_id ORDER BY ie.email_id) FROM identity_emails ie WHERE ie.identity_id = i.id),
              (SELECT array_agg(ipr.property_id::text || ipr.role ORDER BY ipr.property_id, ipr.role) FROM identity_properties ipr WHERE ipr.identity_id = i.id)
            )::text AS fingerprint
       FROM identities i
       LEFT JOIN properties p ON p.organization_id = i.organization_id AND p.property_hash = $3
       LEFT JOIN leads l ON l.identity_id = i.id AND l.vertical_id = $4 AND l.property_id = p.id
      WHERE i.organization_id = $1 AND i.identity_hash = $2`,
    [where.organizationId, where.identityHash, where.propertyHash, where.verticalId],
  )
  return rows[0]?.fingerprint ?? null
}

export async function writeLead(options: {
  organizationId: string
  actor: Actor
  lead: LeadInput
  /** Records (or moves) this external key to the written lead. */
  externalRef?: { system: string; externalId: string }
  /** Where the write comes from, on every link it adds: `api`, `form`, `gohighlevel`, … */
  source: WriteLeadSource
  /** The write must land on this lead (an update of it): anything else is refused (409) and nothing is written. */
  expectLeadId?: string
  /** false: a person without a property address is written as an identity without a lead (leadId null). Default true. */
  requireLead?: boolean
  /** false: the caller announces the change itself once it is whole (updateLead). Default true. */
  announce?: boolean
}): Promise<WriteLeadResult> {
  if (!SOURCE.test(options.source)) throw new Error(`Not a write source: ${options.source}`)
  const parsed = leadInput.safeParse(options.lead)
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) addFieldError(fieldErrors, issue.path.join('.') || 'lead', issue.message)
    throw validationError(fieldErrors)
  }
  const lead = parsed.data
  const { cells, resolved } = resolveLeadRow(lead, { requireLead: options.requireLead ?? true })
  const verticalId = await verticalIdFor(options.organizationId, lead.vertical)
  const person = resolved.persons[0]!
  const propertyHash = resolved.property?.hash ?? null

  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const api = await claimApiImportRow(client, options.organizationId, cells)
    const before = await leadFingerprint(client, { organizationId: options.organizationId, identityHash: person.identityHash, propertyHash, verticalId })
    const seenAt = (await client.query<{ now: Date }>('SELECT now() AS now')).rows[0]!.now
    const extracted = extractChunk({
      rows: [{ rowNo: api.rowNo, cells, error: null }],
      header: API_LEAD_HEADER,
      parser: genericCsvParser,
      columnMap: API_LEAD_COLUMN_MAP,
      needsPerson: true,
    })
    const context: MergeContext = {
      organizationId: options.organizationId,
      importFileId: api.importFileId,
      extractionId: api.extractionId,
      seenAt,
      confidence: WRITE_CONFIDENCE,
      source: options.source,
      importClass: 'universe',
      verticalId,
      complianceKind: null,
      complianceScope: 'organization',
      sha256: api.sha256,
      actor: { type: options.actor.type, id: actorId(options.actor), label: options.actor.label },
    }
    const merged = await mergeChunk(client, context, extracted)

    const identity = (
      await client.query<{ id: string }>(`SELECT id FROM identities WHERE organization_id = $1 AND identity_hash = $2`, [
        options.organizationId,
        person.identityHash,
      ])
    ).rows[0]
    if (!identity) throw new Error('MERGE wrote no identity for a resolved person')
    const property = propertyHash
      ? (await client.query<{ id: string }>(`SELECT id FROM properties WHERE organization_id = $1 AND property_hash = $2`, [options.organizationId, propertyHash])).rows[0] ?? null
      : null
    const leadRow = property
      ? (
          await client.query<{ id: string }>(`SELECT id FROM leads WHERE identity_id = $1 AND vertical_id = $2 AND property_id = $3`, [
            identity.id,
            verticalId,
            property.id,
          ])
        ).rows[0] ?? null
      : null
    if (options.expectLeadId && leadRow?.id !== options.expectLeadId) {
      throw new AppError(
        'lead_identity_changed',
        'These fields describe another person or property than the lead’s: a lead’s name, property address and vertical are who and where it is. Create a lead for the other one.',
        409,
      )
    }

    if (leadRow && (lead.tags?.length || lead.status)) {
      await client.query(
        `UPDATE leads SET tags = ARRAY(SELECT DISTINCT t FROM unnest(tags || $2::text[]) t ORDER BY t),
                          status = COALESCE($3::"LeadStatus", status), updated_at = now()
          WHERE id = $1 AND (NOT tags @> $2::text[] OR status IS DISTINCT FROM COALESCE($3::"LeadStatus", status))`,
        [leadRow.id, lead.tags ?? [], lead.status ?? null],
      )
    }
    // A caller's `type` is not written to the number: phone_numbers is shared by every organization, so one
    // organization's say-so (a "landline", say) would take the number out of everyone's sends.
    const phones = resolved.contacts.filter((c) => c.kind === 'phone')
    const after = await leadFingerprint(client, { organizationId: options.organizationId, identityHash: person.identityHash, propertyHash, verticalId })
    const created = merged.leadsCreated > 0
    const changed = created || before !== after
    if (leadRow && changed && !created) await client.query(`UPDATE leads SET updated_at = now() WHERE id = $1`, [leadRow.id])

    if (options.externalRef) {
      if (!leadRow) throw validationError({ externalRef: ['Only a lead can carry an external ref: give a property address.'] })
      await setExternalRef(
        {
          organizationId: options.organizationId,
          actor: options.actor,
          entityType: 'lead',
          entityId: leadRow.id,
          system: options.externalRef.system,
          externalId: options.externalRef.externalId,
        },
        client,
      )
    }

    const chunkCounts = { ...extracted.counts, ...merged } as unknown as Counts
    await client.query(`UPDATE import_extractions SET counts = $2 WHERE id = $1`, [api.extractionId, JSON.stringify(addCounts(api.extractionCounts, chunkCounts))])
    await client.query(`UPDATE import_files SET counts = $2 WHERE id = $1`, [api.importFileId, JSON.stringify(addCounts(api.counts, chunkCounts))])

    await recordAuditOnClient(client, {
      actor: options.actor,
      organizationId: options.organizationId,
      action: created ? 'lead.created' : changed ? 'lead.updated' : 'lead.matched',
      target: leadRow ? { type: 'lead', id: leadRow.id } : { type: 'identity', id: identity.id },
      summary: {
        source: options.source,
        changed,
        identityId: identity.id,
        identityCreated: merged.newIdentities > 0,
        importFileId: api.importFileId,
        rowNo: api.rowNo,
        phonesAdded: merged.phonesAdded,
        emailsAdded: merged.emailsAdded,
        externalRef: options.externalRef ?? null,
      },
    })
    await client.query('COMMIT')
    if (leadRow && changed && options.announce !== false) {
      await announceLeadWritten({
        organizationId: options.organizationId,
        leadId: leadRow.id,
        identityId: identity.id,
        created,
        source: options.source,
        externalRef: options.externalRef ?? null,
      })
    }
    return {
      leadId: leadRow?.id ?? null,
      identityId: identity.id,
      propertyId: property?.id ?? null,
      created,
      identityCreated: merged.newIdentities > 0,
      changed,
      phones: phones.map((p) => p.value),
      emails: resolved.contacts.filter((c) => c.kind === 'email').map((c) => c.value),
      importFileId: api.importFileId,
      rowNo: api.rowNo,
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
