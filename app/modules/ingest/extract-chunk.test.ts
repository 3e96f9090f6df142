import { describe, expect, it } from 'vitest'
import { fixtureCsv } from '../../../tests/support/fixture-csv'
import { extractChunk, STAGING_COLUMNS } from './extract-chunk'
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
})

describe('extractChunk with a row LAND could not read cleanly', () => {
  it('reports it as an unreadable_row error with LAND’s reason, and still parses what it holds', () => {
    const { header, rows } = fixtureCsv('property-export-60.csv')
    const ragged = rows[1]!.slice(0, 5)
    const chunk = extractChunk({
      rows: [{ rowNo: 7, cells: ragged, error: 'ragged_row: 5 fields, the header has 60' }],
      header,
      parser: propertyExportParser,
      needsPerson: true,
    })
    expect(table(chunk.errors, STAGING_COLUMNS.error)).toContainEqual({
      row_no: '7',
      source_column: null,
      kind: 'unreadable_row',
      value: null,
      message: 'ragged_row: 5 fields, the header has 60',
    })
    expect(chunk.counts).toMatchObject({ rows: 1, unreadableRows: 1, errorsByType: { unreadable_row: 1 } })
  })
})
