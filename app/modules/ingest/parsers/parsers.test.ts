import { describe, expect, it } from 'vitest'
import { fixtureCsv } from '../../../../tests/support/fixture-csv'
import { columnMapSchema, columnsMissingFromHeader } from './column-map'
import { contactExportParser } from './contact-export'
import { genericCsvParser } from './generic-csv'
import { headerColumns, headerKey } from './header'
import { propertyExportParser } from './property-export'
import { detectParser, findParser, rankParsers } from './registry'

const property60 = fixtureCsv('property-export-60.csv')
const property400 = fixtureCsv('property-export-400.csv')
const contacts = fixtureCsv('contact-export.csv')

describe('header names', () => {
  it('match whatever the case, spacing and punctuation', () => {
    expect(new Set(['Owner 1 First Name', 'OWNER1_FIRSTNAME', 'owner-1-first-name', ' Owner1 FirstName '].map(headerKey))).toEqual(new Set(['owner1firstname']))
    expect(headerKey('Equity %')).toBe('equitypercent')
  })

  it('label blank and repeated columns distinctly, as LAND shows them', () => {
    expect(headerColumns(['Phone', '', 'Phone', 'Phone (2)', 'Phone']).map((c) => c.label)).toEqual(['Phone', 'Column 2', 'Phone (3)', 'Phone (2)', 'Phone (4)'])
  })
})

describe('parser detection', () => {
  it('recognizes property exports of 60 and 400 columns and a contact export, with reasons', () => {
    expect(property60.header).toHaveLength(60)
    expect(property400.header).toHaveLength(400)
    expect(detectParser(property60.header)).toMatchObject({ key: 'property-export', version: 1, confidence: 1 })
    expect(detectParser(property400.header)).toMatchObject({ key: 'property-export', reasons: expect.arrayContaining(['a property address', 'a mailing address']) })
    expect(detectParser(contacts.header)).toMatchObject({ key: 'contact-export' })
    const ranked = rankParsers(contacts.header)
    expect(ranked.map((r) => r.key)).toEqual(['contact-export', 'property-export', 'phone-list', 'generic-csv'])
  })

  it('takes a list of numbers without names for a phone list', () => {
    expect(detectParser(['Phone Number', 'Reason'])).toMatchObject({ key: 'phone-list', confidence: 0.6 })
    expect(detectParser(['Wireless 1', 'Wireless 2', 'Date Added'])).toMatchObject({ key: 'phone-list' })
  })

  it('picks nothing for a header no parser knows, so the operator maps it', () => {
    expect(detectParser(['Col A', 'Col B', 'Notes'])).toBeNull()
    expect(rankParsers(['Col A'])[0]).toMatchObject({ key: 'generic-csv', confidence: 0.05 })
  })

  it('finds a parser by key and version', () => {
    expect(findParser('property-export')?.version).toBe(1)
    expect(findParser('property-export', 1)).toBe(propertyExportParser)
    expect(findParser('property-export', 9)).toBeUndefined()
  })
})

describe('the property export parser', () => {
  it('reads owners, both addresses, every phone and email with its column, and the attributes', () => {
    const record = propertyExportParser.parse(property60.rows[0]!, property60.header)
    expect(record.persons).toHaveLength(2)
    expect(record.persons[0]).toMatchObject({ first: { value: 'John', column: 'Owner 1 First Name' }, last: { value: 'Smith', column: 'Owner 1 Last Name' } })
    expect(record.persons[1]).toMatchObject({ first: { value: 'Mary' }, last: { value: 'Smith' } })
    expect(record.property).toMatchObject({ line1: { value: '1205 North Oak Street', column: 'Property Address' }, zip: { value: '78701' } })
    expect(record.mailing).toMatchObject({ line1: { value: '4400 W Sunset Blvd Apt 12', column: 'Mailing Address' }, city: { value: 'Los Angeles' } })
    expect(record.phones).toEqual([
      { value: '(512) 555-0143', column: 'Phone 1', person: 0, position: 1 },
      { value: '512.867.5309', column: 'Phone 2', person: 0, position: 2 },
      { value: '+1 415 555 2671', column: 'Phone 3', person: 0, position: 3 },
      { value: '555-1234', column: 'Phone 4', person: 0, position: 4 },
    ])
    expect(record.emails.map((e) => e.column)).toEqual(['Email 1'])
    expect(Object.keys(record.attributes).sort()).toEqual(
      ['apn', 'assessedValue', 'bathrooms', 'bedrooms', 'county', 'equity', 'equityPercent', 'estimatedValue', 'lastSaleDate',
        'lastSalePrice', 'livingSqft', 'lotSizeSqft', 'ownerOccupied', 'propertyType', 'vacant', 'yearBuilt'].sort(),
    )
    expect(record.attributes.equityPercent).toEqual({ value: '44%', column: 'Equity %' })
  })

  it('reads a 400-column export in another vendor’s spelling: last-first owner name, wireless and landline phones', () => {
    const record = propertyExportParser.parse(property400.rows[0]!, property400.header)
    expect(record.persons[0]).toMatchObject({ full: { value: 'SIMPSON HOMER J', column: 'OWNER_NAME (LAST FIRST)' }, order: 'last-first', age: { value: '39' } })
    expect(record.persons[1]).toMatchObject({ full: { value: 'SIMPSON MARGE' } })
    expect(record.property).toMatchObject({ line1: { value: '742 EVERGREEN TERRACE' }, city: { value: 'SPRINGFIELD' } })
    expect(record.mailing).toMatchObject({ line1: { value: 'PO BOX 1234' }, zip: { value: '62705' } })
    expect(record.phones.map((p) => p.column)).toEqual(['WIRELESS1', 'WIRELESS2', 'WIRELESS3', 'LANDLINE1'])
    expect(record.attributes).toMatchObject({ lotSizeAcres: { value: '0.25' }, absentee: { value: 'Y' }, estimatedValue: { value: '265000' } })
  })

  it('tolerates duplicate phone columns and reads them all', () => {
    const header = ['Owner Name', 'Property Address', 'Property City', 'Property State', 'Property Zip', 'Phone', 'Phone', 'Mobile']
    const record = propertyExportParser.parse(['Ann Lee', '1 Main St', 'Austin', 'TX', '78701', '5125550101', '5125550102', '5125550103'], header)
    expect(record.phones.map((p) => p.column)).toEqual(['Phone', 'Phone (2)', 'Mobile'])
  })
})

describe('the contact export parser', () => {
  it('reads the person, phones and emails, and their address as the lead’s property', () => {
    const record = contactExportParser.parse(contacts.rows[0]!, contacts.header)
    expect(record.persons[0]).toMatchObject({ first: { value: 'Dana' }, last: { value: "O'Neil" } })
    expect(record.phones.map((p) => [p.column, p.value])).toEqual([
      ['Mobile Phone Number', '+1 (602) 555-0123'],
      ['Phone Number', '602-555-0199 x22'],
    ])
    expect(record.emails).toEqual([{ value: 'Dana.ONeil@Example.com', column: 'Email', person: 0, position: 1 }])
    expect(record.property).toMatchObject({ line1: { value: '17 S. Main Street #3' }, state: { value: 'Arizona', column: 'State/Region' } })
  })
})

describe('the generic CSV parser and column maps', () => {
  const header = ['Nombre', 'Apellido', 'Tel 1', 'Tel 2', 'Dirección', 'Ciudad', 'Estado', 'CP', 'Habitaciones']
  const map = {
    Nombre: 'first_name', Apellido: 'last_name', 'Tel 1': 'phone', 'Tel 2': 'phone', Dirección: 'property_line1',
    Ciudad: 'property_city', Estado: 'property_state', CP: 'property_zip', Habitaciones: 'bedrooms',
  }

  it('reads a file through the operator’s map', () => {
    const record = genericCsvParser.parse(['Ana', 'Ruiz', '5125550111', '5125550112', '9 Elm St', 'Austin', 'TX', '78701', '3'], header, map)
    expect(record.persons[0]).toMatchObject({ first: { value: 'Ana', column: 'Nombre' }, last: { value: 'Ruiz' } })
    expect(record.phones.map((p) => p.column)).toEqual(['Tel 1', 'Tel 2'])
    expect(record.property).toMatchObject({ line1: { value: '9 Elm St', column: 'Dirección' }, zip: { value: '78701' } })
    expect(record.attributes).toEqual({ bedrooms: { value: '3', column: 'Habitaciones' } })
  })

  it('validates a map: known fields, one column per single field, a name or phone, columns the file has', () => {
    expect(columnMapSchema.safeParse(map).success).toBe(true)
    expect(columnMapSchema.safeParse({ Nombre: 'nickname' }).success).toBe(false)
    expect(columnMapSchema.safeParse({ A: 'first_name', B: 'first_name' }).error?.issues[0]?.message).toContain('Both "A" and "B"')
    expect(columnMapSchema.safeParse({ A: 'bedrooms' }).error?.issues[0]?.message).toBe('Map at least a name or a phone column')
    expect(columnsMissingFromHeader({ Nombre: 'first_name', Teléfono: 'phone' }, header)).toEqual(['Teléfono'])
    expect(() => genericCsvParser.parse(['x'], ['A'])).toThrow('needs a column map')
  })
})
