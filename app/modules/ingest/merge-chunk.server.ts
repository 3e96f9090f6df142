import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import type { PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { escapeCopyText } from './copy-text'
import { STAGING_COLUMNS, type ExtractedChunk } from './extract-chunk'
import * as sql from './merge-sql'

/**
 * MERGE of one chunk, inside the caller's transaction: COPY the staged rows
 * into temporary tables, then a fixed series of set-based statements
 * (merge-sql.ts) by import class. Returns the chunk's counts.
 */

export type MergeContext = {
  organizationId: string
  importFileId: string
  extractionId: string
  /** The recency of every fact merged: the extraction's start. */
  seenAt: Date
  confidence: number
  /** `import:<parser>@<version>`, on every link. */
  source: string
  importClass: 'universe' | 'enrichment' | 'compliance'
  verticalId: string | null
  complianceKind: string | null
  complianceScope: 'organization' | 'platform'
  sha256: string
  actor: { type: 'user' | 'api_key' | 'system'; id: string | null; label: string }
}

export type MergeCounts = {
  newIdentities: number
  matchedIdentities: number
  inFileDuplicates: number
  propertiesAdded: number
  phonesAdded: number
  emailsAdded: number
  leadsCreated: number
  leadsMatched: number
  leadsEnriched: number
  unmatchedRows: number
  consentEvents: number
  consentEventsAlreadyRecorded: number
}

async function copyInto(client: PoolClient, table: string, columns: string[], text: string) {
  if (!text) return
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
  await pipeline(Readable.from([text]), stream)
}

/** Milliseconds per statement, when a caller (the measurement script) asks for them. */
export type StatementTimings = Record<string, number>

export async function mergeChunk(
  client: PoolClient,
  context: MergeContext,
  chunk: ExtractedChunk,
  timings?: StatementTimings,
): Promise<MergeCounts> {
  const counts: MergeCounts = {
    newIdentities: 0, matchedIdentities: 0, inFileDuplicates: 0, propertiesAdded: 0, phonesAdded: 0, emailsAdded: 0,
    leadsCreated: 0, leadsMatched: 0, leadsEnriched: 0, unmatchedRows: 0, consentEvents: 0, consentEventsAlreadyRecorded: 0,
  }
  const values = {
    org: context.organizationId,
    file: context.importFileId,
    extraction: context.extractionId,
    seenAt: context.seenAt,
    confidence: context.confidence,
    source: context.source,
    vertical: context.verticalId,
    kind: context.complianceKind,
    scope: context.complianceScope,
    sha256: context.sha256,
    actorType: context.actor.type,
    actorId: context.actor.id,
    actorLabel: context.actor.label,
  }
  const run = async <T extends Record<string, unknown> = Record<string, unknown>>(text: string) => {
    const bound = sql.bindNamed(text, values)
    const started = timings ? performance.now() : 0
    const rows = (await client.query<T>(bound.text, bound.values)).rows
    if (timings) {
      const name = Object.entries(sql).find(([, statement]) => statement === text)?.[0] ?? text.trim().slice(0, 40)
      timings[name] = (timings[name] ?? 0) + performance.now() - started
    }
    return rows[0]
  }

  const stagingStarted = performance.now()
  for (const ddl of sql.STAGING_DDL) await client.query(ddl)
  await copyInto(client, 'stg_person', STAGING_COLUMNS.person, chunk.persons)
  await copyInto(client, 'stg_address', STAGING_COLUMNS.address, chunk.addresses)
  await copyInto(client, 'stg_contact', STAGING_COLUMNS.contact, chunk.contacts)
  if (chunk.errors) {
    const prefix = `${escapeCopyText(context.importFileId)}\t${escapeCopyText(context.extractionId)}\t`
    const lines = chunk.errors.slice(0, -1).split('\n').map((line) => prefix + line).join('\n') + '\n'
    await copyInto(client, 'import_row_errors', ['import_file_id', 'extraction_id', ...STAGING_COLUMNS.error], lines)
  }
  await client.query('ANALYZE stg_person, stg_address, stg_contact')
  if (timings) timings.staging = (timings.staging ?? 0) + performance.now() - stagingStarted

  if (context.importClass === 'compliance') {
    const row = await run<{ added: number; seen: number }>(sql.INSERT_CONSENT_EVENTS)
    counts.consentEvents = row?.added ?? 0
    counts.consentEventsAlreadyRecorded = (row?.seen ?? 0) - counts.consentEvents
    return counts
  }

  if (context.importClass === 'universe') {
    counts.propertiesAdded = (await run<{ added: number }>(sql.UPSERT_PROPERTIES))?.added ?? 0
    await run(sql.MAP_PROPERTIES)
    await run(sql.IDENTITIES_BEFORE)
    const identities = await run<{ new_identities: number; matched_identities: number; in_file_duplicates: number }>(sql.IDENTITY_COUNTS)
    counts.newIdentities = identities?.new_identities ?? 0
    counts.matchedIdentities = identities?.matched_identities ?? 0
    counts.inFileDuplicates = identities?.in_file_duplicates ?? 0
    await run(sql.UPSERT_IDENTITIES)
    await run(sql.MAP_IDENTITIES)
    await run(sql.SUBJECTS_FROM_IDENTITIES)
  } else {
    await run(sql.ENRICH_PROPERTIES)
    await run(sql.MAP_PROPERTIES)
    await run(sql.MATCH_IDENTITIES)
    counts.matchedIdentities = (await run<{ matched: number }>(sql.COUNT_NEWLY_MATCHED_IDENTITIES))?.matched ?? 0
    await run(sql.ENRICH_IDENTITIES)
    await run(sql.SUBJECTS_FROM_MATCHES)
  }

  await run(sql.INSERT_PHONE_NUMBERS)
  await run(sql.INSERT_EMAIL_ADDRESSES)
  counts.phonesAdded = (await run<{ added: number }>(sql.LINK_PHONES))?.added ?? 0
  counts.emailsAdded = (await run<{ added: number }>(sql.LINK_EMAILS))?.added ?? 0
  await run(sql.LINK_PROPERTIES)

  if (context.importClass === 'universe') {
    const leads = await run<{ created: number; matched: number }>(sql.UPSERT_LEADS)
    counts.leadsCreated = leads?.created ?? 0
    counts.leadsMatched = leads?.matched ?? 0
  } else {
    counts.leadsEnriched = (await run<{ enriched: number }>(sql.ENRICHED_LEAD_EVENTS))?.enriched ?? 0
    counts.unmatchedRows = (await run<{ unmatched: number }>(sql.REPORT_UNMATCHED))?.unmatched ?? 0
  }
  return counts
}
