import pg from 'pg'
import { describe, expect, inject, it } from 'vitest'
import { pool, prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { landAll, landedRows, useUploadStore, type LandedRowRecord } from '../../../tests/support/import-files'
import { asOwner } from '../../../tests/support/owner-database'
import { inspectImportFile } from './inspect-import-file.server'
import { landChunk } from './land-chunk.server'

/**
 * LAND resumes from its stored cursor after a crash at any point and lands
 * exactly the rows of an uninterrupted run: none lost, none twice. The file
 * is built so that read windows and chunk edges fall inside quoted fields
 * and inside multi-byte characters.
 */
const store = useUploadStore()

function messyFile(rows: number): Buffer {
  const lines = ['id,name,note,amount']
  for (let i = 1; i <= rows; i++) {
    if (i % 97 === 0) lines.push('')
    if (i % 41 === 0) lines.push(`${i},ragged`)
    else if (i % 5 === 0) lines.push(`${i},"Zoë ""${i}"" Ñúñez","multi\r\nline, with 😀 and €",${i}.5`)
    else if (i % 7 === 0) lines.push(`${i},Renée,"quoted ""x"" \\ back",€${i}`)
    else lines.push(`${i},José ${i},plain note ${'✓'.repeat(i % 4)},${i}`)
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`)
}

const BYTES = messyFile(600)

async function inspectedImport() {
  const org = await createOrganization()
  const file = await store.importBytes(org.id, 'messy.csv', BYTES)
  await inspectImportFile({ importFileId: file.id })
  return file
}

const withoutImport = (rows: LandedRowRecord[]) => rows

let baseline: LandedRowRecord[] | undefined
async function uninterrupted() {
  if (!baseline) {
    const file = await inspectedImport()
    await landAll(file.id, { maxRows: 1_000_000 })
    baseline = await landedRows(file.id)
  }
  return baseline
}

async function cursorOf(id: string) {
  const file = await prisma.importFile.findUniqueOrThrow({ where: { id } })
  return { nextRowNo: file.landNextRowNo, byteOffset: Number(file.landByteOffset), rowCount: file.rowCount }
}

describe('LAND after interruptions', () => {
  it('an uninterrupted run lands every row of the messy file', async () => {
    const rows = await uninterrupted()
    expect(rows).toHaveLength(600)
    expect(rows.map((row) => row.rowNo)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1))
    expect(rows[4]).toEqual({ rowNo: 5, payload: ['5', 'Zoë "5" Ñúñez', 'multi\r\nline, with 😀 and €', '5.5'], error: null })
    expect(rows[40]).toEqual({ rowNo: 41, payload: ['41', 'ragged'], error: 'ragged_row: 2 fields, the header has 4' })
  })

  it.each([
    [3, 29],
    [7, 64],
    [50, 333],
    [250, 4096],
  ])('lands the same rows in chunks of %i rows read through %i-byte windows', async (maxRows, windowBytes) => {
    const file = await inspectedImport()
    const results = await landAll(file.id, { maxRows, windowBytes })
    expect(results.length).toBeGreaterThanOrEqual(Math.ceil(600 / maxRows))
    expect(await landedRows(file.id)).toEqual(withoutImport(await uninterrupted()))
  })

  it('resumes after a crash between chunks, with other chunk and window sizes than before', async () => {
    const file = await inspectedImport()
    await landChunk({ importFileId: file.id, maxRows: 123, windowBytes: 100 })
    await landChunk({ importFileId: file.id, maxRows: 123, windowBytes: 100 })
    expect(await cursorOf(file.id)).toMatchObject({ nextRowNo: 247, rowCount: null })
    // The worker died here; another one, configured differently, takes over.
    await landAll(file.id, { maxRows: 77, windowBytes: 1024 * 1024 })
    expect(await landedRows(file.id)).toEqual(await uninterrupted())
  })

  it('lands nothing of a chunk whose cursor update fails after its COPY, and resumes with exactly the missing rows', async () => {
    const file = await inspectedImport()
    await landChunk({ importFileId: file.id, maxRows: 100 })
    await landChunk({ importFileId: file.id, maxRows: 100 })
    const before = await cursorOf(file.id)
    await asOwner(async (owner) => {
      await owner.query(`CREATE FUNCTION test_fail_cursor() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected crash before commit'; END $$`)
      await owner.query(`CREATE TRIGGER test_fail_cursor BEFORE UPDATE ON import_files FOR EACH ROW
        WHEN (NEW.id = '${file.id}' AND NEW.land_next_row_no > OLD.land_next_row_no) EXECUTE FUNCTION test_fail_cursor()`)
    })
    try {
      await expect(landChunk({ importFileId: file.id, maxRows: 100 })).rejects.toThrow('injected crash before commit')
      expect(await cursorOf(file.id)).toEqual(before)
      expect(await landedRows(file.id)).toHaveLength(200)
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER test_fail_cursor ON import_files; DROP FUNCTION test_fail_cursor()'))
    }
    await landAll(file.id, { maxRows: 100 })
    expect(await landedRows(file.id)).toEqual(await uninterrupted())
  })

  it('lands nothing of a chunk whose COPY fails halfway, and resumes', async () => {
    const file = await inspectedImport()
    await landChunk({ importFileId: file.id, maxRows: 200 })
    await asOwner(async (owner) => {
      await owner.query(`CREATE FUNCTION test_fail_copy() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'injected crash inside COPY'; END $$`)
      await owner.query(`CREATE TRIGGER test_fail_copy BEFORE INSERT ON file_rows FOR EACH ROW
        WHEN (NEW.import_file_id = '${file.id}' AND NEW.row_no = 333) EXECUTE FUNCTION test_fail_copy()`)
    })
    try {
      await expect(landChunk({ importFileId: file.id, maxRows: 200, windowBytes: 512 })).rejects.toThrow('injected crash inside COPY')
      expect(await cursorOf(file.id)).toMatchObject({ nextRowNo: 201 })
      expect(await landedRows(file.id)).toHaveLength(200)
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER test_fail_copy ON file_rows; DROP FUNCTION test_fail_copy()'))
    }
    await landAll(file.id, { maxRows: 200 })
    expect(await landedRows(file.id)).toEqual(await uninterrupted())
  })

  it('lands nothing of a chunk whose database connection dies mid-COPY, and resumes', async () => {
    const file = await inspectedImport()
    await landChunk({ importFileId: file.id, maxRows: 150 })
    await asOwner(async (owner) => {
      await owner.query(`CREATE FUNCTION test_stall_copy() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_sleep(30); RETURN NEW; END $$`)
      await owner.query(`CREATE TRIGGER test_stall_copy BEFORE INSERT ON file_rows FOR EACH ROW
        WHEN (NEW.import_file_id = '${file.id}' AND NEW.row_no = 222) EXECUTE FUNCTION test_stall_copy()`)
    })
    try {
      const landing = landChunk({ importFileId: file.id, maxRows: 150 })
      landing.catch(() => {})
      // Only a superuser sees (and may end) another role's backend.
      const admin = new pg.Client({ connectionString: inject('postgresAdminUrl') })
      await admin.connect()
      try {
        let ended = false
        for (let attempt = 0; attempt < 400 && !ended; attempt++) {
          const { rows } = await admin.query<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND query LIKE 'COPY file_rows%' AND wait_event = 'PgSleep'`,
            [process.env.TEST_DATABASE_NAME],
          )
          if (rows[0]) ended = (await admin.query('SELECT pg_terminate_backend($1) AS ended', [rows[0].pid])).rows[0].ended
          else await new Promise((resolve) => setTimeout(resolve, 50))
        }
        expect(ended, 'the COPY reached the stalled row and its backend was ended').toBe(true)
      } finally {
        await admin.end()
      }
      await expect(landing).rejects.toThrow()
      expect(await cursorOf(file.id)).toMatchObject({ nextRowNo: 151 })
      expect(await landedRows(file.id)).toHaveLength(150)
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER test_stall_copy ON file_rows; DROP FUNCTION test_stall_copy()'))
    }
    await landAll(file.id, { maxRows: 150 })
    expect(await landedRows(file.id)).toEqual(await uninterrupted())
    // The pool threw the dead connection away and still works.
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }])
  })

  it('lands every row once when several workers call it at the same time', async () => {
    const file = await inspectedImport()
    for (;;) {
      const results = await Promise.all(Array.from({ length: 4 }, () => landChunk({ importFileId: file.id, maxRows: 45 })))
      if (results.some((result) => result.done)) break
    }
    expect(await landedRows(file.id)).toEqual(await uninterrupted())
  })
})
