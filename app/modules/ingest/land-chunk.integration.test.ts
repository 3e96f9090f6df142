import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { landAll, landedRows, useUploadStore } from '../../../tests/support/import-files'
import { inspectImportFile } from './inspect-import-file.server'
import { landChunk } from './land-chunk.server'
import { landedCells, landedRowErrorCodes } from './landed-row'

const store = useUploadStore()

async function landFixture(fixture: string, options: Parameters<typeof landAll>[1] = {}) {
  const org = await createOrganization()
  const file = await store.importFixture(org.id, fixture)
  await inspectImportFile({ importFileId: file.id })
  const results = await landAll(file.id, options)
  const rows = await landedRows(file.id)
  const stored = await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })
  return { file, results, rows, stored, payloads: rows.map((row) => row.payload) }
}

describe('landChunk: what lands', () => {
  it('lands a 400-column file with every cell in order', async () => {
    const { rows, stored } = await landFixture('wide-400-columns.csv')
    expect(stored.rowCount).toBe(3)
    expect(rows.map((row) => row.rowNo)).toEqual([1, 2, 3])
    expect(rows[1]!.payload).toEqual(Array.from({ length: 400 }, (_, i) => `r2c${i + 1}`))
    expect(rows.every((row) => row.error === null)).toBe(true)
  })

  it('lands UTF-8 with a BOM without the BOM', async () => {
    const { payloads, stored } = await landFixture('utf8-bom.csv')
    expect(stored.header).toEqual(['first_name', 'last_name', 'phone'])
    expect(payloads).toEqual([
      ['Zoë', 'Ñúñez', '555-0101'],
      ['Renée', 'O’Hara', '555-0102'],
    ])
  })

  it('lands identical payloads from the Windows-1252 and the UTF-8 file of the same text (semicolons, CRLF)', async () => {
    const legacy = await landFixture('windows-1252-semicolon-crlf.csv')
    const modern = await landFixture('utf8-semicolon-crlf.csv')
    expect(legacy.payloads).toEqual([
      ['Renée', 'Cañon City', '€12', '“quoted” text'],
      ['José', 'Málaga', '€7,50', 'naïve façade'],
    ])
    expect(modern.payloads).toEqual(legacy.payloads)
    expect(modern.stored.header).toEqual(legacy.stored.header)
  })

  it('lands tab- and pipe-delimited files', async () => {
    expect((await landFixture('tab-delimited.tsv')).payloads).toEqual([
      ['Ada Lovelace', '555-0100', 'comma, inside; and semicolon'],
      ['Alan Turing', '555-0101', 'quoted\ttab'],
    ])
    expect((await landFixture('pipe-delimited.txt')).payloads).toEqual([
      ['Ada Lovelace', '555-0100', 'semi; colon, comma'],
      ['Alan Turing', '555-0101', 'tab\tinside'],
    ])
  })

  it('keeps line ends inside quoted cells as they are', async () => {
    expect((await landFixture('quoted-newlines.csv')).payloads).toEqual([
      ['Ada Lovelace', "12 St James's Square\nLondon", '555-0100'],
      ['Alan Turing', 'Line one\r\nLine two\r\nLine three', '555-0101'],
      ['Grace Hopper', 'one, line', '555-0102'],
    ])
  })

  it('splits on lone CR line ends', async () => {
    expect((await landFixture('lone-cr.csv')).payloads).toEqual([
      ['Ada', '555-0100'],
      ['Alan\rTuring', '555-0101'],
    ])
  })

  it('lands rows under duplicate and blank header names, aligned with the header', async () => {
    const { payloads, stored } = await landFixture('duplicate-blank-headers.csv')
    expect(stored.header).toEqual(['Phone', '', 'Phone', 'Name', ''])
    expect(payloads).toEqual([['555-0100', 'x', '555-0101', 'Ada', 'y']])
  })

  it('keeps ragged rows whole, with an error giving the field count', async () => {
    const { rows } = await landFixture('ragged-rows.csv')
    expect(rows).toEqual([
      { rowNo: 1, payload: ['1', '2', '3'], error: null },
      { rowNo: 2, payload: ['4', '5'], error: 'ragged_row: 2 fields, the header has 3' },
      { rowNo: 3, payload: ['6', '7', '8', '9'], error: 'ragged_row: 4 fields, the header has 3' },
      { rowNo: 4, payload: ['10', '11', '12'], error: null },
    ])
  })

  it('lands zero rows from a header-only file and completes', async () => {
    const { results, rows, stored } = await landFixture('header-only.csv')
    expect(results).toEqual([{ done: true, landed: 0, nextRowNo: 1, byteOffset: stored.byteSize ? Number(stored.byteSize) : -1 }])
    expect(rows).toEqual([])
    expect(stored.rowCount).toBe(0)
    expect(stored.progress).toMatchObject({ land: { done: 0, total: 0, finishedAt: expect.any(String) } })
  })

  it('lands duplicate rows, each under its own row number', async () => {
    const { rows } = await landFixture('duplicate-rows.csv')
    expect(rows.map((row) => [row.rowNo, row.payload])).toEqual([
      [1, ['Ada', '555-0100']],
      [2, ['Ada', '555-0100']],
      [3, ['Alan', '555-0101']],
      [4, ['Ada', '555-0100']],
    ])
  })

  it('keeps backslashes, tabs and quotes in cells exactly, and a literal \\N is not a NULL', async () => {
    const { rows } = await landFixture('escapes.csv')
    expect(rows).toEqual([
      { rowNo: 1, payload: ['C:\\Users\\ada\\leads.csv', 'tab\tin quotes', '\\N'], error: null },
      { rowNo: 2, payload: ['\\\\server\\share', 'unquoted\ttab', '\\'], error: null },
      { rowNo: 3, payload: ['say "hi"', '\\u0000 and \\t as text', 'back\\\\slash'], error: null },
    ])
  })

  it('keeps the rest of the file as one row, with its error, when a quote is never closed', async () => {
    const { rows, stored } = await landFixture('unterminated-quote.csv')
    expect(rows).toEqual([
      { rowNo: 1, payload: ['Ada', 'fine'], error: null },
      {
        rowNo: 2,
        payload: ['Alan', 'never closed\nGrace,lost?\nKatherine,also inside\n'],
        error: expect.stringMatching(/^unterminated_quote: /),
      },
    ])
    expect(stored.rowCount).toBe(2)
  })

  it('skips blank lines, counts them, and numbers the rows densely from 1', async () => {
    const { rows, stored } = await landFixture('blank-lines.csv')
    expect(rows).toEqual([
      { rowNo: 1, payload: ['Ada', '555-0100'], error: null },
      { rowNo: 2, payload: ['', ''], error: null },
      { rowNo: 3, payload: ['Alan', '555-0101'], error: null },
    ])
    expect(stored.progress).toMatchObject({ land: { done: 3, total: 3, blankLines: 4 } })
  })

  it('stores a NUL in a cell escaped, says so on the row, and gives the exact cells back', async () => {
    const { rows, stored } = await landFixture('nul-in-cell.csv')
    expect(stored.rowCount).toBe(61)
    const row = rows.at(-1)!
    expect(row.payload).toEqual(['Nul Person', '555-9999', 'before\\0after \\\\ slash'])
    expect(landedRowErrorCodes(row.error)).toEqual(['nul_escaped'])
    expect(landedCells(row)).toEqual(['Nul Person', '555-9999', 'before\0after \\ slash'])
    expect(rows.filter((r) => r.error !== null)).toHaveLength(1)
  })

  it('lands a row larger than the read window', async () => {
    const org = await createOrganization()
    const huge = 'é'.repeat(1_500_000)
    const file = await store.importBytes(org.id, 'huge-row.csv', Buffer.from(`id,blob\n1,"${huge}\nstill ""inside"""\n2,small\n`))
    await inspectImportFile({ importFileId: file.id })
    await landAll(file.id)
    const rows = await landedRows(file.id)
    expect(rows.map((row) => row.payload)).toEqual([
      ['1', `${huge}\nstill "inside"`],
      ['2', 'small'],
    ])
  })

  it('reads bytes that are not UTF-8, far into a UTF-8 file, as Windows-1252 and flags only that row', async () => {
    const org = await createOrganization()
    const before = Array.from({ length: 6000 }, (_, i) => `Zoë ${i},${i}\n`).join('')
    const bytes = Buffer.concat([Buffer.from(`name,n\n${before}`), Buffer.from([0x52, 0x65, 0x6e, 0xe9, 0x65, 0x2c, 0x80, 0x0a]), Buffer.from('après,1\n')])
    expect(bytes.indexOf(0xe9)).toBeGreaterThan(64 * 1024)
    const file = await store.importBytes(org.id, 'mostly-utf8.csv', bytes)
    expect((await inspectImportFile({ importFileId: file.id })).encoding).toBe('utf-8')
    await landAll(file.id)
    const rows = await landedRows(file.id)
    expect(rows).toHaveLength(6002)
    expect(rows[6000]).toEqual({ rowNo: 6001, payload: ['Renée', '€'], error: expect.stringMatching(/^not_utf8: /) })
    expect(rows[6001]).toEqual({ rowNo: 6002, payload: ['après', '1'], error: null })
    expect(rows.filter((row) => row.error !== null)).toHaveLength(1)
  })
})

describe('landChunk: cursor, progress and audit', () => {
  it('lands in chunks of maxRows, reports the cursor, and completes with one audit entry', async () => {
    const { file, results, stored } = await landFixture('duplicate-rows.csv', { maxRows: 3 })
    const header = Buffer.byteLength('name,phone\n')
    expect(results).toEqual([
      { done: false, landed: 3, nextRowNo: 4, byteOffset: header + Buffer.byteLength('Ada,555-0100\nAda,555-0100\nAlan,555-0101\n') },
      { done: true, landed: 1, nextRowNo: 5, byteOffset: Number(stored.byteSize) },
    ])
    expect(stored).toMatchObject({ rowCount: 4, landNextRowNo: 5, landByteOffset: stored.byteSize })
    expect(stored.progress).toMatchObject({
      land: { done: 4, total: 4, bytesDone: Number(stored.byteSize), bytesTotal: Number(stored.byteSize), errorRows: 0 },
    })
    const audit = await prisma.auditLog.findMany({ where: { targetId: file.id }, orderBy: { id: 'asc' } })
    expect(audit.map((entry) => [entry.action, entry.summary])).toEqual([
      ['import.inspected', { encoding: 'utf-8', delimiter: ',', lineEnding: 'lf', columns: 2 }],
      ['import.landed', { rows: 4, errorRows: 0, blankLines: 0 }],
    ])
  })

  it('answers done without landing anything once LAND is complete', async () => {
    const { file } = await landFixture('duplicate-rows.csv')
    expect(await landChunk({ importFileId: file.id })).toEqual({ done: true, landed: 0, nextRowNo: 5, byteOffset: 64 })
    expect(await landedRows(file.id)).toHaveLength(4)
    expect(await prisma.auditLog.count({ where: { targetId: file.id, action: 'import.landed' } })).toBe(1)
  })

  it('lands nothing while the import is not in the status asked for (a pause or cancel that committed first)', async () => {
    const org = await createOrganization()
    const file = await store.importFixture(org.id, 'duplicate-rows.csv')
    await inspectImportFile({ importFileId: file.id })
    await prisma.importFile.update({ where: { id: file.id }, data: { status: 'paused' } })
    expect(await landChunk({ importFileId: file.id, onlyWhile: 'running' })).toMatchObject({ landed: 0, stoppedStatus: 'paused' })
    expect(await landedRows(file.id)).toHaveLength(0)
    await prisma.importFile.update({ where: { id: file.id }, data: { status: 'running' } })
    expect(await landChunk({ importFileId: file.id, onlyWhile: 'running' })).toMatchObject({ done: true, landed: 4 })
  })

  it('refuses a file that has not been inspected', async () => {
    const org = await createOrganization()
    const file = await store.importFixture(org.id, 'duplicate-rows.csv')
    await expect(landChunk({ importFileId: file.id })).rejects.toMatchObject({ code: 'import_not_inspected', status: 409 })
    await expect(landChunk({ importFileId: crypto.randomUUID() })).rejects.toMatchObject({ code: 'import_not_found', status: 404 })
  })

  it('deletes an import’s rows with the import, and with its organization', async () => {
    const first = await landFixture('duplicate-rows.csv')
    const second = await landFixture('duplicate-rows.csv')
    await prisma.importFile.delete({ where: { id: first.file.id } })
    expect(await landedRows(first.file.id)).toEqual([])
    expect(await landedRows(second.file.id)).toHaveLength(4)
    await prisma.organization.delete({ where: { id: second.file.organizationId } })
    expect(await landedRows(second.file.id)).toEqual([])
  })
})
