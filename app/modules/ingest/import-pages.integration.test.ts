import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { readCsv } from '../../../tests/support/fixture-csv'
import { createLandedImport, createVertical, fixtureCsv, landRows } from '../../../tests/support/landed-import'
import { runExtraction } from '../../../tests/support/run-extraction'
import { exportImportRowErrorsCsv } from './export-import-row-errors-csv.server'
import { getImportDetail } from './get-import-detail.server'
import { listImportRowErrorsWithCells } from './list-import-row-errors-with-cells.server'
import { listImportsPage } from './list-imports-page.server'
import { previewColumnMap } from './preview-column-map.server'

async function text(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text()
}

describe('listImportsPage', () => {
  it('pages the organization’s imports newest first by keyset, with who started them and their error totals, and nothing of another organization', async () => {
    const org = await createOrganization()
    const other = await createOrganization()
    const user = await createUser({ organizationId: org.id, name: 'Ada Importer' })
    const { header, rows } = fixtureCsv('property-export-60.csv')
    const made = []
    for (let i = 0; i < 5; i++) {
      const file = await createLandedImport({ organizationId: org.id, header, rows, filename: `f${i}.csv`, createdByUserId: user.id, sha256: `${i}`.padStart(64, 'a') })
      await prisma.importFile.update({ where: { id: file.id }, data: { createdAt: new Date(Date.UTC(2026, 10, 1, 0, i)), counts: { errorsByType: { invalid_phone: i, no_contact: 1 } } } })
      made.push(file.id)
    }
    await createLandedImport({ organizationId: other.id, header, rows, filename: 'theirs.csv' })

    const first = await listImportsPage({ organizationId: org.id, limit: 2 })
    expect(first.items.map((i) => i.filename)).toEqual(['f4.csv', 'f3.csv'])
    expect(first.items[0]).toMatchObject({ createdBy: 'Ada Importer', errors: 5, rowCount: 2, class: 'universe' })
    const second = await listImportsPage({ organizationId: org.id, limit: 2, cursor: first.nextCursor })
    expect(second.items.map((i) => i.filename)).toEqual(['f2.csv', 'f1.csv'])
    const third = await listImportsPage({ organizationId: org.id, limit: 2, cursor: second.nextCursor })
    expect(third.items.map((i) => i.filename)).toEqual(['f0.csv'])
    expect(third.nextCursor).toBeNull()
    // A cursor from a tampered query starts again from the newest.
    expect((await listImportsPage({ organizationId: org.id, limit: 1, cursor: 'nonsense' })).items[0]!.filename).toBe('f4.csv')
    expect((await listImportsPage({ organizationId: (await createOrganization()).id, limit: 10 })).items).toEqual([])
  })
})

describe('getImportDetail, listImportRowErrorsWithCells and the errors CSV', () => {
  async function extracted() {
    const org = await createOrganization()
    const vertical = await createVertical(org.id)
    const { header, rows } = fixtureCsv('property-export-60.csv')
    const importFile = await createLandedImport({ organizationId: org.id, header, rows, verticalId: vertical.id })
    // A third row LAND could not read cleanly (too few fields).
    await landRows(importFile.id, [['12 Short Row', 'Austin']], 3)
    await prisma.$executeRaw`UPDATE file_rows SET error = 'ragged_row: 2 fields, the header has 60' WHERE import_file_id = ${importFile.id}::uuid AND row_no = 3`
    await prisma.importFile.update({ where: { id: importFile.id }, data: { rowCount: 3, landNextRowNo: 4 } })
    await runExtraction(importFile.id)
    return { org, importFile, header }
  }

  it('shows the import with its stages and RECORD’s counts, and 404s it for another organization', async () => {
    const { org, importFile } = await extracted()
    const detail = await getImportDetail({ organizationId: org.id, importFileId: importFile.id })
    expect(detail).toMatchObject({ status: 'completed', rowCount: 3, counts: expect.objectContaining({ rows: 3, invalidPhones: 1, newIdentities: 3 }) })
    expect(detail.stages.map((s) => [s.key, s.state])).toEqual([['land', 'done'], ['merge', 'done'], ['record', 'done']])
    expect(detail.extraction).toMatchObject({ number: 1, parserKey: 'property-export' })
    const other = await createOrganization()
    await expect(getImportDetail({ organizationId: other.id, importFileId: importFile.id })).rejects.toMatchObject({ status: 404 })
  })

  it('lists row errors in file order by keyset, each with its raw row under the header’s names', async () => {
    const { org, importFile, header } = await extracted()
    const all = await listImportRowErrorsWithCells({ organizationId: org.id, importFileId: importFile.id, limit: 50 })
    expect(all.items.map((e) => [e.rowNo, e.kind])).toEqual(expect.arrayContaining([[1, 'invalid_phone'], [3, 'short_row']]))
    const phone = all.items.find((e) => e.kind === 'invalid_phone')!
    expect(phone).toMatchObject({ column: 'Phone 4', value: '555-1234', message: 'Not a valid phone number' })
    expect(phone.raw).toHaveLength(header.length)
    expect(phone.raw).toContainEqual({ column: 'Phone 4', value: '555-1234' })
    const ragged = all.items.find((e) => e.kind === 'short_row')!
    expect(ragged.raw).toEqual([{ column: header[0], value: '12 Short Row' }, { column: header[1], value: 'Austin' }])

    const pages: string[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof listImportRowErrorsWithCells>> = await listImportRowErrorsWithCells({ organizationId: org.id, importFileId: importFile.id, limit: 1, cursor })
      pages.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(pages).toEqual(all.items.map((e) => e.id))

    const other = await createOrganization()
    await expect(listImportRowErrorsWithCells({ organizationId: other.id, importFileId: importFile.id, limit: 5 })).rejects.toMatchObject({ status: 404 })
  })

  it('streams the errors as CSV in small batches: row_no, reason, then the raw columns', async () => {
    const { org, importFile, header } = await extracted()
    const total = (await listImportRowErrorsWithCells({ organizationId: org.id, importFileId: importFile.id, limit: 100 })).items.length
    const { filename, stream } = await exportImportRowErrorsCsv({ organizationId: org.id, importFileId: importFile.id, batchSize: 1 })
    expect(filename).toMatch(/-errors\.csv$/)
    const [columns, ...lines] = readCsv(await text(stream))
    expect(columns).toEqual(['row_no', 'reason', 'error_column', 'error_value', ...header])
    expect(lines).toHaveLength(total)
    const phone = lines.find((line) => line[1]!.startsWith('invalid_phone'))!
    expect(phone.slice(0, 4)).toEqual(['1', 'invalid_phone: Not a valid phone number', 'Phone 4', '555-1234'])
    expect(phone[4 + header.indexOf('Phone 4')]).toBe('555-1234')
    const ragged = lines.find((line) => line[1]!.startsWith('short_row'))!
    expect(ragged.slice(0, 2)).toEqual(['3', "short_row: The row has 2 of the header's 60 fields; the missing ones were read as blank"])
    expect(ragged.slice(4, 6)).toEqual(['12 Short Row', 'Austin'])

    const other = await createOrganization()
    await expect(exportImportRowErrorsCsv({ organizationId: other.id, importFileId: importFile.id })).rejects.toMatchObject({ status: 404 })
  })
})

describe('previewColumnMap', () => {
  it('extracts the first rows with the generic parser and the map, as re-extraction would, and refuses a map the file does not fit', async () => {
    const org = await createOrganization()
    const header = ['Who', 'Cell', 'Street', 'Town', 'ST', 'Zip']
    const rows = Array.from({ length: 25 }, (_, i) => [`Jane Doe${i}`, i === 0 ? '555-12' : `(512) 555-01${String(i).padStart(2, '0')}`, `${100 + i} Oak St`, 'Austin', 'TX', '78701'])
    const importFile = await createLandedImport({ organizationId: org.id, header, rows, class: 'enrichment' })
    const map = { Who: 'full_name', Cell: 'phone', Street: 'property_line1', Town: 'property_city', ST: 'property_state', Zip: 'property_zip' }
    const preview = await previewColumnMap({ organizationId: org.id, importFileId: importFile.id, columnMap: map })
    expect(preview).toHaveLength(20)
    expect(preview[1]).toMatchObject({ rowNo: 2, name: 'Jane Doe1', phones: ['+15125550101'], property: '101 OAK ST, AUSTIN, TX 78701' })
    expect(preview[0]!.problems).toEqual([expect.stringMatching(/^invalid_phone \(Cell\)/)])
    await expect(previewColumnMap({ organizationId: org.id, importFileId: importFile.id, columnMap: { Nope: 'phone' } })).rejects.toMatchObject({ status: 422 })
    const other = await createOrganization()
    await expect(previewColumnMap({ organizationId: other.id, importFileId: importFile.id, columnMap: map })).rejects.toMatchObject({ status: 404 })
  })
})
