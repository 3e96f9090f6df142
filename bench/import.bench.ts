import { execFile } from 'node:child_process'
import { createReadStream, readFileSync } from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { benchDataDir } from './lib/environment.ts'
import { measureGraphWriteFloor } from './lib/graph-write-floor.ts'
import { ensurePropertyFile, PROPERTY_FILE_HEADER, type PropertyFile } from './lib/property-file.ts'
import { summarize } from './lib/stats.ts'
import { defineBenchmark, type BenchContext } from './lib/types.ts'

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000)
const NAIVE_ROWS = Math.min(ROWS, Number(process.env.BENCH_IMPORT_NAIVE_ROWS ?? 20_000))
const SEED = 42
const uploadRoot = path.join(benchDataDir, 'uploads')
const childScript = path.join(import.meta.dirname, 'lib/import-child.ts')

const TARGETS = { landVsCopy: 0.5, pipelineVsCopy: 0.1, pipelineVsNaive: 20, peakRssMb: 512 }

type StageProgress = { done: number; startedAt: string; finishedAt: string | null }
type PipelineResult = {
  importFileId: string
  status: string
  error: string | null
  rowCount: number | null
  elapsedMs: number
  progress: Record<string, StageProgress>
  counts: { rows?: number; emptyRows?: number; errorsByType?: Record<string, number> } & Record<string, unknown>
  graph: { leads: number; identities: number; properties: number; identity_phones: number; row_errors: number; rows_with_errors: number; landed: number }
  stepMs: Record<string, number>
  retried: string[]
  maxRssMb: number
  cpuUserS: number
  cpuSystemS: number
}
type NaiveResult = { rows: number; merged: number; leads: number; elapsedMs: number; maxRssMb: number }

/** The V8 heap bound `npm start` runs the app with (package.json), so the import process is measured as it runs there. */
const startHeapFlags = (JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../package.json'), 'utf8')) as { scripts: { start: string } })
  .scripts.start.match(/--max-old-space-size=\d+/g) ?? []

/** Runs bench/lib/import-child.ts in its own process (so its peak RSS is its own) and returns its JSON line. */
function runChild<T>(ctx: BenchContext, config: Record<string, unknown>, env: NodeJS.ProcessEnv): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [...startHeapFlags, '--import', 'tsx', childScript, JSON.stringify(config)],
      { env, maxBuffer: 16 * 1024 * 1024, cwd: path.resolve(import.meta.dirname, '..') },
      (error, stdout) => {
        if (error) return reject(new Error(`the import process failed: ${error.message}`))
        const last = stdout.trim().split('\n').pop() ?? ''
        try {
          resolve(JSON.parse(last) as T)
        } catch {
          reject(new Error(`the import process printed no result: ${last.slice(0, 200)}`))
        }
      },
    )
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.startsWith('[import-child]')) ctx.log(line)
    })
  })
}

async function graphWriteFloor(ownerUrl: string, importFileId: string) {
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ organization_id: string }>(`SELECT organization_id FROM import_files WHERE id = $1`, [importFileId])
    return await measureGraphWriteFloor(client, rows[0]!.organization_id)
  } finally {
    await client.end()
  }
}

/** The physical limit: the file as it is, one COPY into an UNLOGGED table of 60 text columns. */
async function rawCopy(ownerUrl: string, file: PropertyFile): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl })
  client.on('error', () => {})
  await client.connect()
  try {
    const columns = PROPERTY_FILE_HEADER.map((_, i) => `c${i + 1} text`).join(', ')
    await client.query(`DROP TABLE IF EXISTS bench_raw_copy; CREATE UNLOGGED TABLE bench_raw_copy (${columns})`)
    const started = performance.now()
    await pipeline(createReadStream(file.path, { highWaterMark: 1 << 20 }), client.query(copyFrom('COPY bench_raw_copy FROM STDIN (FORMAT csv, HEADER true)')))
    const ms = performance.now() - started
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_raw_copy')
    if (rows[0]!.n !== file.rows) throw new Error(`raw COPY loaded ${rows[0]!.n} rows of ${file.rows}`)
    return ms
  } finally {
    await client.query('DROP TABLE IF EXISTS bench_raw_copy').catch(() => {})
    await client.end()
  }
}

const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000))
const round2 = (n: number) => Math.round(n * 100) / 100

export default defineBenchmark({
  name: 'import',
  description: `A ${ROWS.toLocaleString('en-US')}-row property file LAND → RECORD through ingest-run-import, against raw COPY of the file and naive per-row Prisma upserts`,
  async run(ctx) {
    const file = await ensurePropertyFile({ dir: path.join(uploadRoot, 'bench-files'), rows: ROWS, seed: SEED, log: ctx.log })
    const app = await ctx.app()
    const storageKey = path.relative(uploadRoot, file.path)
    const childEnv: NodeJS.ProcessEnv = { ...process.env, UPLOADS_DIR: uploadRoot, LOG_LEVEL: 'silent' }
    delete childEnv.S3_BUCKET

    ctx.log(`raw COPY of ${file.rows.toLocaleString('en-US')} rows (${Math.round(file.byteSize / 2 ** 20)} MB)`)
    const copyMs = [await rawCopy(app.ownerDatabaseUrl, file)]

    ctx.log('LAND → RECORD in a child process (in-process runner, ingest-run-import)')
    const subject = await runChild<PipelineResult>(ctx, { mode: 'pipeline', storageKey, filePath: file.path, byteSize: file.byteSize, sha256: file.sha256, rows: ROWS, slug: 'bench-import' }, childEnv)
    ctx.log(`import process: ${JSON.stringify({ stepMs: subject.stepMs, retried: subject.retried, progress: subject.progress })}`)
    if (subject.status !== 'completed') throw new Error(`the import ended ${subject.status}: ${subject.error}`)

    ctx.log('raw COPY again (the baseline before and after, the faster counts)')
    copyMs.push(await rawCopy(app.ownerDatabaseUrl, file))

    ctx.log('the graph write floor: the finished graph written again into twins of its tables, with and without foreign keys')
    const floor = await graphWriteFloor(app.ownerDatabaseUrl, subject.importFileId)

    ctx.log(`naive per-row Prisma upserts of ${NAIVE_ROWS.toLocaleString('en-US')} rows in a child process`)
    const naive = await runChild<NaiveResult>(ctx, { mode: 'naive', storageKey, filePath: file.path, byteSize: file.byteSize, sha256: file.sha256, rows: NAIVE_ROWS, slug: 'bench-naive' }, childEnv)

    // Every row accounted for: landed, extracted, and either merged or reported.
    const counts = subject.counts
    const accounted = subject.rowCount === ROWS && subject.graph.landed === ROWS && counts.rows === ROWS
    if (!accounted) {
      throw new Error(`rows not accounted for: file ${ROWS}, row_count ${subject.rowCount}, landed ${subject.graph.landed}, extracted ${counts.rows}`)
    }

    const copyBestMs = Math.min(...copyMs)
    const copyRate = perSecond(ROWS, copyBestMs)
    // Stage times as the runner recorded its steps (the progress timestamps are per chunk).
    const stepMs = (...kinds: string[]) => kinds.reduce((sum, kind) => sum + (subject.stepMs[kind] ?? 0), 0)
    const landMs = stepMs('land-inspect', 'land-chunk')
    const extractMs = stepMs('extract-start', 'extract-chunk')
    const recordMs = stepMs('record')
    const landRate = perSecond(ROWS, landMs)
    const pipelineRate = perSecond(ROWS, subject.elapsedMs)
    const naiveRate = perSecond(naive.rows, naive.elapsedMs)
    const floorRate = perSecond(ROWS, floor.withForeignKeys.totalMs)
    const floorNoFkRate = perSecond(ROWS, floor.withoutForeignKeys.totalMs)
    const ratios = {
      land_vs_copy: round2(landRate / copyRate),
      pipeline_vs_copy: round2(pipelineRate / copyRate),
      pipeline_vs_naive: round2(pipelineRate / naiveRate),
    }
    return {
      unit: 'ms',
      subject: summarize('LAND → RECORD of the whole file through ingest-run-import (in-process runner)', [subject.elapsedMs]),
      baseline: summarize('raw COPY of the same file into an UNLOGGED table of 60 text columns (best of 2)', [copyBestMs]),
      details: {
        rows: ROWS,
        columns: PROPERTY_FILE_HEADER.length,
        file_mb: Math.round(file.byteSize / 2 ** 20),
        raw_copy_rows_per_s: copyRate,
        raw_copy_runs_ms: copyMs.map(Math.round).join(' / '),
        land_rows_per_s: landRate,
        pipeline_rows_per_s: pipelineRate,
        naive_rows_per_s: naiveRate,
        naive_sample_rows: naive.rows,
        stage_land_s: round2(landMs / 1000),
        stage_parse_to_merge_s: round2(extractMs / 1000),
        stage_record_s: round2(recordMs / 1000),
        total_s: round2(subject.elapsedMs / 1000),
        ...ratios,
        graph_rows_written: floor.withForeignKeys.rows,
        graph_write_floor_s: round2(floor.withForeignKeys.totalMs / 1000),
        graph_write_floor_rows_per_s: floorRate,
        graph_write_floor_vs_copy: round2(floorRate / copyRate),
        graph_write_floor_ms_by_table: JSON.stringify(floor.withForeignKeys.msByTable),
        graph_write_floor_without_fks_s: round2(floor.withoutForeignKeys.totalMs / 1000),
        graph_write_floor_without_fks_rows_per_s: floorNoFkRate,
        graph_write_floor_without_fks_vs_copy: round2(floorNoFkRate / copyRate),
        pipeline_vs_graph_write_floor: round2(pipelineRate / floorRate),
        peak_rss_mb: subject.maxRssMb,
        import_process_node_flags: startHeapFlags.join(' '),
        step_ms: JSON.stringify(subject.stepMs),
        steps_retried: subject.retried.length,
        import_process_cpu_s: round2(subject.cpuUserS + subject.cpuSystemS),
        target_land_vs_copy_min: TARGETS.landVsCopy,
        target_pipeline_vs_copy_min: TARGETS.pipelineVsCopy,
        target_pipeline_vs_naive_min: TARGETS.pipelineVsNaive,
        target_peak_rss_mb_max: TARGETS.peakRssMb,
        meets_land_vs_copy: ratios.land_vs_copy >= TARGETS.landVsCopy,
        meets_pipeline_vs_copy: ratios.pipeline_vs_copy >= TARGETS.pipelineVsCopy,
        meets_pipeline_vs_naive: ratios.pipeline_vs_naive >= TARGETS.pipelineVsNaive,
        meets_peak_rss: subject.maxRssMb < TARGETS.peakRssMb,
        rows_accounted: accounted,
        rows_with_row_errors: subject.graph.rows_with_errors,
        row_errors: subject.graph.row_errors,
        invalid_phones: Number(counts.invalidPhones ?? 0),
        leads: subject.graph.leads,
        identities: subject.graph.identities,
        identity_phones: subject.graph.identity_phones,
        counts: JSON.stringify(counts),
      },
    }
  },
})
