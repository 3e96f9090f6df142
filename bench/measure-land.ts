/**
 * A quick measurement of LAND alone (not part of `npm run bench`, which runs
 * `*.bench.ts`): `npx tsx bench/measure-land.ts [rows]`. Starts a throwaway
 * embedded Postgres in .data/measure-land, makes (or reuses) the bench's
 * deterministic property file, then, twice each, raw COPY of the file into an
 * UNLOGGED table of text columns and LAND of it (inspect + landChunk until
 * done, as ingest-run-import calls them). Prints rows/s, the ratio and the
 * import process's peak RSS as JSON.
 */
import { createReadStream } from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { startMeasureDatabase } from './lib/measure-database.ts'
import { ensurePropertyFile, PROPERTY_FILE_HEADER } from './lib/property-file.ts'

const rowCount = Number(process.argv[2] ?? 1_000_000)
const root = path.resolve(import.meta.dirname, '..')
const uploadRoot = path.join(root, '.data/bench/uploads')
const log = (line: string) => process.stderr.write(`[measure] ${line}\n`)

const file = await ensurePropertyFile({ dir: path.join(uploadRoot, 'bench-files'), rows: rowCount, seed: 42, log })
process.env.UPLOADS_DIR = uploadRoot
const database = await startMeasureDatabase('measure-land', log)
try {
  const { migrationUrl } = database
  const { prisma, disconnectDb } = await import('../app/utils/db.server.ts')
  const { inspectImportFile } = await import('../app/modules/ingest/inspect-import-file.server.ts')
  const { landChunk } = await import('../app/modules/ingest/land-chunk.server.ts')
  const organization = await prisma.organization.create({ data: { name: 'Measure', slug: 'measure' } })

  const owner = new pg.Client({ connectionString: migrationUrl })
  await owner.connect()
  const rawCopy = async () => {
    await owner.query('DROP TABLE IF EXISTS raw_copy')
    await owner.query(`CREATE UNLOGGED TABLE raw_copy (${PROPERTY_FILE_HEADER.map((_, i) => `c${i} text`).join(', ')})`)
    const started = performance.now()
    await pipeline(createReadStream(file.path, { highWaterMark: 1 << 20 }), owner.query(copyFrom('COPY raw_copy FROM STDIN (FORMAT csv, HEADER true)')))
    return performance.now() - started
  }
  const land = async (run: number) => {
    const importFile = await prisma.importFile.create({
      data: {
        organizationId: organization.id, filename: 'bench.csv', byteSize: BigInt(file.byteSize), sha256: file.sha256, storage: 'local',
        storageKey: path.relative(uploadRoot, file.path), class: 'universe', status: 'running', stage: 'land',
      },
    })
    const started = performance.now()
    await inspectImportFile({ importFileId: importFile.id })
    for (;;) {
      const result = await landChunk({ importFileId: importFile.id })
      if (result.done) break
    }
    const ms = performance.now() - started
    log(`LAND run ${run}: ${Math.round(ms)} ms`)
    return ms
  }
  const copyMs = [await rawCopy()]
  const landMs = [await land(1)]
  copyMs.push(await rawCopy())
  landMs.push(await land(2))
  await owner.end()
  const perSecond = (ms: number) => Math.round(rowCount / (ms / 1000))
  const copyRate = perSecond(Math.min(...copyMs))
  const landRate = perSecond(Math.min(...landMs))
  console.log(JSON.stringify({
    rows: rowCount,
    rawCopyRowsPerSecond: copyRate,
    rawCopyRunsMs: copyMs.map(Math.round),
    landRowsPerSecond: landRate,
    landRunsMs: landMs.map(Math.round),
    landVsCopy: Math.round((landRate / copyRate) * 100) / 100,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }, null, 2))
  await disconnectDb()
} finally {
  await database.stop()
}
