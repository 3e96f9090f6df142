import type { ImportStatus } from '~/generated/prisma/client.ts'
import { pool, prisma } from '~/utils/db.server'
import { addCounts, type Counts } from './add-counts'
import { chunkRows, extractChunk, type LandedRow } from './extract-chunk'
import { importActor } from './import-actor.server'
import { landedCells } from './landed-row'
import { stageProgress, type ImportProgress } from './import-progress'
import { mergeChunk, type StatementTimings } from './merge-chunk.server'
import { findParser } from './parsers/registry'

export const DEFAULT_CHUNK_ROWS = 20_000

/** Where a chunk's time went: reading landed rows, PARSE + RESOLVE (CPU), MERGE and commit (Postgres). */
export type ChunkTimings = { readMs: number; extractMs: number; mergeMs: number }

export type ChunkOutcome =
  | { kind: 'merged'; fromRowNo: number; nextRowNo: number; rows: number; done: boolean; progress: ImportProgress; timings: ChunkTimings }
  | { kind: 'done'; nextRowNo: number }
  /** The import is no longer running (paused, cancelled, failed): nothing was done. */
  | { kind: 'stopped'; status: ImportStatus }

type Locked = {
  status: ImportStatus
  organization_id: string
  class: 'universe' | 'enrichment' | 'compliance'
  vertical_id: string | null
  compliance_kind: string | null
  sha256: string
  header: string[] | null
  land_next_row_no: number
  row_count: number | null
  progress: ImportProgress
  created_by_user_id: string | null
  created_by_api_key_id: string | null
  extraction_status: string
  parser_key: string
  parser_version: number
  column_map: Record<string, string> | null
  confidence: number
  next_row_no: number
  counts: Counts
  seen_at: Date
  started_at: Date
}

/**
 * PARSE → RESOLVE → MERGE of the next chunk of an extraction, in ONE
 * transaction that also moves the extraction's cursor: a crash before the
 * commit leaves nothing, after it the next call starts past the chunk. Run
 * again and again until `done`. The import row is locked first, so a pause
 * or cancel waits for the chunk and the next call sees it.
 */
export async function processExtractionChunk(options: {
  extractionId: string
  maxRows?: number
  now?: () => Date
  /** Filled with MERGE's time per statement (for measurements). */
  statementTimings?: StatementTimings
}): Promise<ChunkOutcome> {
  const now = options.now ?? (() => new Date())
  // Who the import acts for, read before this call holds a connection: asking the pool for a
  // second one while holding the first could starve it when many chunks run at once.
  const owner = await prisma.importExtraction.findUnique({
    where: { id: options.extractionId },
    select: { importFile: { select: { organizationId: true, createdByUserId: true, createdByApiKeyId: true } } },
  })
  const actor = owner ? await importActor(owner.importFile) : null
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    // MERGE sorts each chunk by conflict key; the default 4 MB spills those sorts to disk.
    await client.query(`SET LOCAL work_mem = '32MB'`)
    const { rows } = await client.query<Locked & { import_file_id: string }>(
      `SELECT f.id AS import_file_id, f.status, f.organization_id, f.class, f.vertical_id, f.compliance_kind, f.sha256, f.header,
              f.land_next_row_no, f.row_count, f.progress, f.created_by_user_id, f.created_by_api_key_id,
              e.status AS extraction_status, e.parser_key, e.parser_version, e.column_map, e.confidence, e.next_row_no,
              e.counts, e.seen_at, e.started_at
         FROM import_extractions e JOIN import_files f ON f.id = e.import_file_id
        WHERE e.id = $1
        FOR NO KEY UPDATE OF f, e`,
      [options.extractionId],
    )
    const state = rows[0]
    if (!state) throw new Error(`No extraction ${options.extractionId}`)
    if (state.status !== 'running') {
      await client.query('ROLLBACK')
      return { kind: 'stopped', status: state.status }
    }
    const landedEnd = state.land_next_row_no
    const from = state.next_row_no
    if (state.extraction_status !== 'running' || from >= landedEnd) {
      await client.query('ROLLBACK')
      return { kind: 'done', nextRowNo: from }
    }
    const to = Math.min(from + chunkRows(options.maxRows ?? DEFAULT_CHUNK_ROWS, state.header?.length ?? 0), landedEnd)
    const parser = findParser(state.parser_key, state.parser_version)
    if (!parser) throw new Error(`Parser ${state.parser_key}@${state.parser_version} is no longer registered`)

    const t0 = performance.now()
    const landed = await client.query<{ row_no: number; payload: string[]; error: string | null }>(
      `SELECT row_no, payload, error FROM file_rows WHERE import_file_id = $1 AND row_no >= $2 AND row_no < $3 ORDER BY row_no`,
      [state.import_file_id, from, to],
    )
    const landedRows: LandedRow[] = landed.rows.map((r) => ({ rowNo: r.row_no, cells: landedCells(r), error: r.error }))
    const t1 = performance.now()
    const extracted = extractChunk({
      rows: landedRows,
      header: state.header ?? [],
      parser,
      columnMap: state.column_map,
      needsPerson: state.class === 'universe',
    })
    const t2 = performance.now()
    if (!actor) throw new Error(`Extraction ${options.extractionId} has no import`)
    const merged = await mergeChunk(client, {
      organizationId: state.organization_id,
      importFileId: state.import_file_id,
      extractionId: options.extractionId,
      seenAt: state.seen_at,
      confidence: state.confidence,
      source: `import:${parser.key}@${parser.version}`,
      importClass: state.class,
      verticalId: state.vertical_id,
      complianceKind: state.compliance_kind,
      complianceScope: 'organization',
      sha256: state.sha256,
      actor: {
        type: actor.type,
        id: actor.type === 'user' ? actor.userId : actor.type === 'api_key' ? actor.apiKeyId : null,
        label: actor.label,
      },
    }, extracted, options.statementTimings)

    const counts = addCounts(state.counts, { ...extracted.counts, ...merged } as unknown as Counts)
    const done = to >= landedEnd && state.row_count !== null && to > state.row_count
    const at = now()
    const total = state.row_count
    const stage = stageProgress({ done: to - 1, total, startedAt: state.started_at, now: at, finished: done })
    const progress: ImportProgress = { parse: stage, resolve: stage, merge: stage }
    await client.query(`UPDATE import_extractions SET next_row_no = $2, counts = $3 WHERE id = $1`, [
      options.extractionId, to, JSON.stringify(counts),
    ])
    await client.query(
      `UPDATE import_files SET stage = 'merge', progress = progress || $2::jsonb, updated_at = now() WHERE id = $1`,
      [state.import_file_id, JSON.stringify(progress)],
    )
    await client.query('COMMIT')
    const timings = { readMs: Math.round(t1 - t0), extractMs: Math.round(t2 - t1), mergeMs: Math.round(performance.now() - t2) }
    return { kind: 'merged', fromRowNo: from, nextRowNo: to, rows: to - from, done, progress: { ...state.progress, ...progress }, timings }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
