import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { landAll, landedRows, useUploadStore } from '../../../tests/support/import-files'
import { inspectImportFile } from './inspect-import-file.server'

const store = useUploadStore()

async function inspectFixture(fixture: string) {
  const org = await createOrganization()
  const file = await store.importFixture(org.id, fixture)
  return { file, inspection: await inspectImportFile({ importFileId: file.id }) }
}

describe('inspectImportFile', () => {
  it.each([
    ['utf8-bom.csv', 'utf-8-bom', ',', 'lf', ['first_name', 'last_name', 'phone']],
    ['windows-1252-semicolon-crlf.csv', 'windows-1252', ';', 'crlf', ['Nom', 'Ville', 'Prix', 'Note']],
    ['utf8-semicolon-crlf.csv', 'utf-8', ';', 'crlf', ['Nom', 'Ville', 'Prix', 'Note']],
    ['tab-delimited.tsv', 'utf-8', '\t', 'lf', ['name', 'phone', 'note']],
    ['pipe-delimited.txt', 'utf-8', '|', 'lf', ['name', 'phone', 'note']],
    ['lone-cr.csv', 'utf-8', ',', 'cr', ['name', 'phone']],
    ['header-only.csv', 'utf-8', ',', 'lf', ['name', 'phone', 'email']],
  ])('detects %s as %s, delimiter %j, line end %s, and stores what it found', async (fixture, encoding, delimiter, lineEnding, header) => {
    const { file, inspection } = await inspectFixture(fixture)
    expect(inspection).toMatchObject({ encoding, delimiter, lineEnding, header })
    const stored = await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })
    expect(stored).toMatchObject({ encoding, delimiter, lineEnding, header })
  })

  it('takes a one-column file as comma-delimited', async () => {
    const org = await createOrganization()
    const file = await store.importBytes(org.id, 'phones.txt', Buffer.from('phone\n555-0100\n555-0101\n'))
    expect(await inspectImportFile({ importFileId: file.id })).toMatchObject({ delimiter: ',', header: ['phone'] })
  })

  it('reads a 400-column header', async () => {
    const { inspection } = await inspectFixture('wide-400-columns.csv')
    expect(inspection.header).toHaveLength(400)
    expect(inspection.header[399]).toBe('col_400')
  })

  it('keeps duplicate and blank header names verbatim and gives them distinct display names', async () => {
    const { file, inspection } = await inspectFixture('duplicate-blank-headers.csv')
    expect(inspection.header).toEqual(['Phone', '', 'Phone', 'Name', ''])
    expect(inspection.displayNames).toEqual(['Phone', 'Column 2', 'Phone (2)', 'Name', 'Column 5'])
    expect((await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })).header).toEqual(['Phone', '', 'Phone', 'Name', ''])
  })

  it('finds a header row longer than the first sample it reads', async () => {
    const header = Array.from({ length: 3000 }, (_, i) => `a rather long column name number ${i}`)
    const org = await createOrganization()
    const file = await store.importBytes(org.id, 'long-header.csv', Buffer.from(`${header.join(',')}\n${header.map(() => 'x').join(',')}\n`))
    expect((await inspectImportFile({ importFileId: file.id })).header).toEqual(header)
  })

  it('sets the cursor just past the header (and the BOM), and records an audit entry', async () => {
    const { file } = await inspectFixture('utf8-bom.csv')
    const stored = await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })
    expect(stored.landByteOffset).toBe(BigInt(3 + Buffer.byteLength('first_name,last_name,phone\n')))
    const audit = await prisma.auditLog.findMany({ where: { targetId: file.id } })
    expect(audit).toMatchObject([{ action: 'import.inspected', actorType: 'system', organizationId: file.organizationId }])
  })

  it('does not move the cursor when run again after rows have landed', async () => {
    const { file } = await inspectFixture('duplicate-rows.csv')
    await landAll(file.id, { maxRows: 2 })
    const landed = await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })
    await inspectImportFile({ importFileId: file.id })
    const after = await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })
    expect(after.landByteOffset).toBe(landed.landByteOffset)
    expect(await landedRows(file.id)).toHaveLength(4)
  })

  it.each([
    ['empty.csv', 'import_file_empty', /empty/],
    ['blank.csv', 'import_file_empty', /empty/],
    ['workbook.xlsx', 'import_file_binary', /looks like an Excel workbook; save it as CSV/],
    ['legacy.xls', 'import_file_binary', /Excel 97–2003 workbook.*save it as CSV/],
    ['archive.zip', 'import_file_binary', /ZIP archive/],
    ['leads.csv.gz', 'import_file_binary', /compressed with gzip/],
    ['report.pdf', 'import_file_binary', /PDF document/],
    ['utf16le-no-bom.csv', 'import_file_binary', /binary data \(NUL or other control bytes\)/],
    ['utf16le-bom.csv', 'import_file_unsupported_encoding', /UTF-16/],
  ])('refuses %s with %s, a clear message, and stores nothing', async (fixture, code, message) => {
    const org = await createOrganization()
    const file = await store.importFixture(org.id, fixture)
    const failure = inspectImportFile({ importFileId: file.id })
    await expect(failure).rejects.toMatchObject({ code, status: 422 })
    await expect(failure).rejects.toThrow(message)
    const stored = await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })
    expect(stored).toMatchObject({ encoding: null, delimiter: null, lineEnding: null, header: null, landByteOffset: 0n })
    expect(await prisma.auditLog.count({ where: { targetId: file.id } })).toBe(0)
    expect(await landedRows(file.id)).toEqual([])
  })

  it('answers import_not_found for an unknown import', async () => {
    await expect(inspectImportFile({ importFileId: crypto.randomUUID() })).rejects.toMatchObject({ code: 'import_not_found', status: 404 })
  })
})
