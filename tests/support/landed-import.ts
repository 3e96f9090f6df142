import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createHash, randomBytes } from 'node:crypto'
import { from as copyFrom } from 'pg-copy-streams'
import { escapeCopyText } from '~/modules/ingest/copy-text'
import { pool, prisma } from '~/utils/db.server'

export { fixtureCsv } from './fixture-csv'

/**
 * An import as LAND leaves it (docs/decisions/028, the shared contract):
 * every row verbatim in file_rows (COPY), the header and row count on
 * import_files, the land cursor past the last row. The pipeline's tests
 * start from here without depending on the LAND slice.
 */

export type LandedImportOptions = {
  organizationId: string
  header: string[]
  rows: string[][]
  class?: 'universe' | 'enrichment' | 'compliance'
  verticalId?: string | null
  complianceKind?: string | null
  createdByUserId?: string | null
  status?: 'queued' | 'running'
  /** Defaults to the hash of the rows: the same rows are the same file. */
  sha256?: string
  filename?: string
  parserKey?: string | null
  columnMap?: Record<string, string> | null
}

export async function createLandedImport(options: LandedImportOptions) {
  const sha256 = options.sha256 ?? createHash('sha256').update(JSON.stringify([options.header, options.rows])).digest('hex')
  const importFile = await prisma.importFile.create({
    data: {
      organizationId: options.organizationId,
      filename: options.filename ?? `leads-${randomBytes(3).toString('hex')}.csv`,
      byteSize: BigInt(JSON.stringify(options.rows).length),
      sha256,
      storage: 'local',
      storageKey: `test/${sha256}.csv`,
      class: options.class ?? 'universe',
      verticalId: options.verticalId ?? null,
      complianceKind: options.complianceKind ?? null,
      createdByUserId: options.createdByUserId ?? null,
      parserKey: options.parserKey ?? null,
      columnMap: options.columnMap ?? undefined,
      encoding: 'utf-8',
      delimiter: ',',
      header: options.header,
      stage: 'parse',
      status: options.status ?? 'running',
      landByteOffset: BigInt(JSON.stringify(options.rows).length),
      landNextRowNo: options.rows.length + 1,
      rowCount: options.rows.length,
    },
  })
  await landRows(importFile.id, options.rows)
  return importFile
}

export async function landRows(importFileId: string, rows: string[][], firstRowNo = 1) {
  if (rows.length === 0) return
  const client = await pool.connect()
  try {
    const text = rows.map((cells, i) => `${importFileId}\t${firstRowNo + i}\t${escapeCopyText(JSON.stringify(cells))}\n`).join('')
    await pipeline(Readable.from([text]), client.query(copyFrom('COPY file_rows (import_file_id, row_no, payload) FROM STDIN')))
  } finally {
    client.release()
  }
}

export async function createVertical(organizationId: string, key = 'seller') {
  return prisma.vertical.create({ data: { organizationId, key, name: key } })
}
