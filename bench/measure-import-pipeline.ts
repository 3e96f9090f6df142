/**
 * A quick measurement of PARSE → RECORD (not part of `npm run bench`, which
 * runs `*.bench.ts`): `npx tsx bench/measure-import-pipeline.ts [rows] [chunkRows]`.
 * Starts a throwaway embedded Postgres in .data/measure-pipeline, lands
 * generated property-export rows (tests/support/generated-rows.ts: mixed
 * phone formats, ~1% invalid, ~15% repeated owners) with one COPY, then runs
 * the extraction chunk by chunk as the run function does and prints rows/s
 * per stage and peak RSS as JSON.
 */
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { from as copyFrom } from 'pg-copy-streams'
import { startMeasureDatabase } from './lib/measure-database.ts'
import { GENERATED_HEADER, generatePropertyRows } from '../tests/support/generated-rows.ts'

const rowCount = Number(process.argv[2] ?? 200_000)
const chunkRows = Number(process.argv[3] ?? 20_000)
const log = (line: string) => process.stderr.write(`[measure] ${line}\n`)

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)

const database = await startMeasureDatabase('measure-pipeline', log)
try {
  const { prisma, pool, disconnectDb } = await import('../app/utils/db.server.ts')
  const { escapeCopyText } = await import('../app/modules/ingest/copy-text.ts')
  const { startExtraction } = await import('../app/modules/ingest/start-extraction.server.ts')
  const { processExtractionChunk } = await import('../app/modules/ingest/process-extraction-chunk.server.ts')
  const { completeExtraction } = await import('../app/modules/ingest/complete-extraction.server.ts')

  const organization = await prisma.organization.create({ data: { name: 'Measure', slug: 'measure' } })
  const vertical = await prisma.vertical.create({ data: { organizationId: organization.id, key: 'seller', name: 'Sellers' } })
  const importFile = await prisma.importFile.create({
    data: {
      organizationId: organization.id, filename: 'generated.csv', byteSize: 0n, sha256: '0'.repeat(64), storage: 'local',
      storageKey: 'generated.csv', class: 'universe', verticalId: vertical.id, header: GENERATED_HEADER, status: 'running',
      stage: 'parse', landNextRowNo: rowCount + 1, rowCount,
    },
  })
  log(`landing ${rowCount} rows`)
  const landStart = performance.now()
  const client = await pool.connect()
  for (let start = 0; start < rowCount; start += 50_000) {
    const rows = generatePropertyRows(Math.min(rowCount, start + 50_000), 42).slice(start)
    const text = rows.map((cells, i) => `${importFile.id}\t${start + i + 1}\t${escapeCopyText(JSON.stringify(cells))}\n`).join('')
    await pipeline(Readable.from([text]), client.query(copyFrom('COPY file_rows (import_file_id, row_no, payload) FROM STDIN')))
  }
  client.release()
  const landMs = performance.now() - landStart

  const extraction = await startExtraction({ importFileId: importFile.id })
  const totals = { readMs: 0, extractMs: 0, mergeMs: 0 }
  const statementTimings: Record<string, number> = {}
  const started = performance.now()
  for (;;) {
    const outcome = await processExtractionChunk({ extractionId: extraction.id, maxRows: chunkRows, statementTimings })
    if (outcome.kind !== 'merged') break
    totals.readMs += outcome.timings.readMs
    totals.extractMs += outcome.timings.extractMs
    totals.mergeMs += outcome.timings.mergeMs
    log(`${outcome.nextRowNo - 1} rows: ${JSON.stringify(outcome.timings)}`)
    if (outcome.done) break
  }
  const recordStart = performance.now()
  const completed = await completeExtraction({ extractionId: extraction.id })
  const recordMs = performance.now() - recordStart
  const totalMs = performance.now() - started
  const perSecond = (ms: number) => Math.round(rowCount / (ms / 1000))
  console.log(JSON.stringify({
    rows: rowCount,
    chunkRows,
    seedCopyRowsPerSecond: perSecond(landMs),
    readRowsPerSecond: perSecond(totals.readMs),
    parseResolveRowsPerSecond: perSecond(totals.extractMs),
    mergeRowsPerSecond: perSecond(totals.mergeMs),
    recordMs: Math.round(recordMs),
    parseToRecordRowsPerSecond: perSecond(totalMs),
    peakRssMb: Math.round(peakRss / 2 ** 20),
    mergeMsByStatement: Object.fromEntries(Object.entries(statementTimings).map(([k, v]) => [k, Math.round(v)]).sort((a, b) => (b[1] as number) - (a[1] as number))),
    counts: completed.kind === "completed" ? completed.counts : completed,
  }, null, 2))
  await disconnectDb()
} finally {
  clearInterval(sampler)
  await database.stop()
}
