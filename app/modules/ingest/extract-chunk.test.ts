import { describe, expect, it } from 'vitest'
import { fixtureCsv } from '../../../tests/support/fixture-csv'
import { chunkRows, extractChunk, STAGING_COLUMNS } from './extract-chunk'
import { contactExportParser } from './parsers/contact-export'
import { propertyExportParser } from './parsers/property-export'

const table = (text: string, columns: string[]) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => Object.fromEntries(line.split('\t').map((v, i) => [columns[i], v === '\\N' ? null : v])))

describe('extractChunk (PARSE + RESOLVE)', () => {
  const { header, rows } = fixtureCsv('property-export-60.csv')
  const chunk = extractChunk({
    rows: rows.map((cells, i) => ({ rowNo: i + 1, cells, error: null })),
    header,
    parser: propertyExportParser,
    needsPerson: true,
  })

  it('keeps an invalid phone as a row error with its column and raw value, and counts it', () => {
    expect(table(chunk.errors, STAGING_COLUMNS.error)).toEqual([
      { row_no: '1', source_column: 'Phone 4', kind: 'invalid_phone', value: '555-1234', message: 'Not a valid phone number' },
    ])
    expect(chunk.counts).toMatchObject({ rows: 2, invalidPhones: 1, errorsByType: { invalid_phone: 1 } })
  })

  it('stages every valid phone and email in E.164 / lower case with its column and position', () => {
    expect(table(chunk.contacts, STAGING_COLUMNS.contact)).toEqual([
      { row_no: '1', ord: '0', kind: 'p', value: '+15125550143', source_column: 'Phone 1', position: '1' },
      { row_no: '1', ord: '0', kind: 'p', value: '+15128675309', source_column: 'Phone 2', position: '2' },
      { row_no: '1', ord: '0', kind: 'p', value: '+14155552671', source_column: 'Phone 3', position: '3' },
      { row_no: '1', ord: '0', kind: 'e', value: 'john.smith@example.com', source_column: 'Email 1', position: '1' },
      { row_no: '2', ord: '0', kind: 'p', value: '+13055550187', source_column: 'Phone 1', position: '1' },
      { row_no: '2', ord: '0', kind: 'e', value: 'rosa.alvarez@example.org', source_column: 'Email 1', position: '1' },
      { row_no: '2', ord: '0', kind: 'e', value: 'rosa@example.org', source_column: 'Email 2', position: '2' },
    ])
  })

  it('anchors both owners on the property and types the attributes', () => {
    const persons = table(chunk.persons, STAGING_COLUMNS.person)
    const addresses = table(chunk.addresses, STAGING_COLUMNS.address)
    const property = addresses.find((a) => a.row_no === '1' && a.role === 'owner')!
    expect(persons.filter((p) => p.row_no === '1').map((p) => [p.full_name, p.property_hash])).toEqual([
      ['John Smith', property.property_hash],
      ['Mary Smith', property.property_hash],
    ])
    expect(property).toMatchObject({ line1: '1205 N OAK ST', bedrooms: '3', bathrooms: '2.5', living_sqft: '1850', assessed_value: '312400', equity_percent: '44', last_sale_date: '2013-05-14', owner_occupied: 'false', absentee: 'true' })
    expect(addresses.find((a) => a.row_no === '2' && a.role === 'owner')).toMatchObject({ estimated_value: '295000', absentee: 'false' })
  })

  it('anchors a person on their address, else on their own phones and emails, else reports them', () => {
    const header = ['First Name', 'Last Name', 'Phone', 'Email', 'Mailing Address', 'Mailing City', 'Mailing State', 'Mailing Zip']
    const result = extractChunk({
      header,
      parser: contactExportParser,
      needsPerson: true,
      rows: [
        { rowNo: 1, cells: ['Ann', 'Lee', '5125550101', '', '1 Main St', 'Austin', 'TX', '78701'], error: null },
        { rowNo: 2, cells: ['Ann', 'Lee', '5125550101', 'ann@example.com', '', '', '', ''], error: null },
        { rowNo: 3, cells: ['Ann', 'Lee', '5125550101', 'ann@example.com', '', '', '', ''], error: null },
        { rowNo: 4, cells: ['Ann', 'Lee', '', '', '', '', '', ''], error: null },
        { rowNo: 5, cells: ['', '', '5125550102', '', '', '', '', ''], error: null },
        { rowNo: 6, cells: ['', '', '', '', '', '', '', ''], error: null },
      ],
    })
    const persons = table(result.persons, STAGING_COLUMNS.person)
    expect(persons.map((p) => p.row_no)).toEqual(['1', '2', '3'])
    expect(persons[0]!.identity_hash).not.toBe(persons[1]!.identity_hash)
    expect(persons[1]!.identity_hash).toBe(persons[2]!.identity_hash)
    expect(table(result.errors, STAGING_COLUMNS.error).map((e) => [e.row_no, e.kind])).toEqual([['4', 'no_anchor'], ['5', 'missing_name']])
    expect(result.counts).toMatchObject({ rows: 6, emptyRows: 1 })
  })

  it('stages a compliance file’s numbers without needing names', () => {
    const result = extractChunk({
      header: ['Phone'],
      parser: contactExportParser,
      needsPerson: false,
      rows: [{ rowNo: 1, cells: ['(512) 867-5309'], error: null }],
    })
    expect(table(result.contacts, STAGING_COLUMNS.contact)).toEqual([
      { row_no: '1', ord: '0', kind: 'p', value: '+15128675309', source_column: 'Phone', position: '1' },
    ])
    expect(result.errors).toBe('')
  })

  it('never merges a row whose cells may sit under the wrong header, and reports it; a short row is merged and reported', () => {
    const header = ['First Name', 'Last Name', 'Phone', 'Email', 'Mailing Address', 'Mailing City', 'Mailing State', 'Mailing Zip']
    const result = extractChunk({
      header,
      parser: contactExportParser,
      needsPerson: true,
      rows: [
        // "Smith, John" unquoted: every later cell one column to the right.
        { rowNo: 1, cells: ['Smith', ' John', 'Lee', '5125550101', '', '1 Main St', 'Austin', 'TX', '78701'], error: 'ragged_row: 9 fields, the header has 8' },
        { rowNo: 2, cells: ['Ann', 'Lee', '5125550102\n3,4,5'], error: 'unterminated_quote: a quoted field is never closed, so the rest of the file is kept in this row; ragged_row: 3 fields, the header has 8' },
        { rowNo: 3, cells: ['Bo', 'Chan', '5125550103', '', '2 Main St', 'Austin', 'TX'], error: 'ragged_row: 7 fields, the header has 8' },
        { rowNo: 4, cells: ['Cy', 'Diaz', '5125550104', '', '3 Main St', 'Austin', 'TX', '78701'], error: 'not_utf8: bytes that are not UTF-8 were read as Windows-1252' },
      ],
    })
    expect(table(result.persons, STAGING_COLUMNS.person).map((p) => p.row_no)).toEqual(['3', '4'])
    expect(table(result.contacts, STAGING_COLUMNS.contact).map((c) => [c.row_no, c.value])).toEqual([['3', '+15125550103'], ['4', '+15125550104']])
    const errors = table(result.errors, STAGING_COLUMNS.error)
    expect(errors.map((e) => [e.row_no, e.kind])).toEqual([['1', 'unreadable_row'], ['2', 'unreadable_row'], ['3', 'short_row']])
    expect(errors[0]!.message).toContain('ragged_row: 9 fields')
    expect(result.counts).toMatchObject({ rows: 4, unreadableRows: 2, shortRows: 1, errorsByType: { unreadable_row: 2, short_row: 1 } })
  })
})

describe('a row that yields nothing', () => {
  it('is reported as nothing_to_merge, never dropped: a compliance row without a number', () => {
    const result = extractChunk({
      header: ['Phone', 'Note'],
      parser: contactExportParser,
      needsPerson: false,
      rows: [
        { rowNo: 1, cells: ['5125550101', ''], error: null },
        { rowNo: 2, cells: ['', 'called twice, asked to stop'], error: null },
        { rowNo: 3, cells: ['', ''], error: null },
      ],
    })
    expect(table(result.contacts, STAGING_COLUMNS.contact).map((c) => c.row_no)).toEqual(['1'])
    expect(table(result.errors, STAGING_COLUMNS.error).map((e) => [e.row_no, e.kind])).toEqual([['2', 'nothing_to_merge']])
    expect(result.counts).toMatchObject({ rows: 3, emptyRows: 1 })
  })
})

describe('chunkRows', () => {
  it('keeps a chunk of a wide file to the same number of cells', () => {
    expect(chunkRows(20_000, 60)).toBe(20_000)
    expect(chunkRows(20_000, 400)).toBe(5_000)
    expect(chunkRows(25, 400)).toBe(25)
    expect(chunkRows(20_000, 0)).toBe(20_000)
  })
})

