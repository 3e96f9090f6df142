import { describe, expect, it } from 'vitest'
import { columnMapSchema, columnsMissingFromHeader } from '~/modules/ingest/parsers/column-map'
import { genericCsvParser } from '~/modules/ingest/parsers/generic-csv'
import { API_LEAD_COLUMN_MAP, API_LEAD_HEADER, apiLeadCells, fieldOfColumn } from './api-lead-row'

describe('a written lead as a row of the API import', () => {
  it('has a column map the generic CSV parser accepts, over its own header', () => {
    expect(columnMapSchema.safeParse(API_LEAD_COLUMN_MAP).success).toBe(true)
    expect(columnsMissingFromHeader(API_LEAD_COLUMN_MAP, API_LEAD_HEADER)).toEqual([])
    expect(new Set(API_LEAD_HEADER).size).toBe(API_LEAD_HEADER.length)
  })

  it('puts each field under its column, and the parser reads it back', () => {
    const cells = apiLeadCells({
      firstName: 'Dana', lastName: 'Reyes', age: 58, deceased: false,
      phones: ['512-867-5309', { number: '+17372223344', type: 'landline' }], emails: ['d@example.com'],
      propertyAddress: { line1: '12 Oak St', city: 'Austin', state: 'TX', postalCode: '78701' },
      mailingAddress: { line1: 'PO Box 9', city: 'Austin', state: 'TX', postalCode: '78702' },
      property: { bedrooms: 3, vacant: true, lastSaleDate: '2019-05-03' },
    })
    expect(cells).toHaveLength(API_LEAD_HEADER.length)
    const at = (column: string) => cells[API_LEAD_HEADER.indexOf(column)]
    expect([at('phone_2'), at('phone_2_type'), at('deceased'), at('vacant'), at('bedrooms')]).toEqual(['+17372223344', 'landline', 'N', 'Y', '3'])
    const record = genericCsvParser.parse(cells, API_LEAD_HEADER, API_LEAD_COLUMN_MAP)
    expect(record.persons[0]).toMatchObject({ first: { value: 'Dana' }, last: { value: 'Reyes' }, age: { value: '58' } })
    expect(record.phones.map((p) => [p.value, p.column, p.position])).toEqual([['512-867-5309', 'phone_1', 1], ['+17372223344', 'phone_2', 2]])
    expect(record.property).toMatchObject({ line1: { value: '12 Oak St' }, zip: { value: '78701' } })
    expect(record.mailing).toMatchObject({ line1: { value: 'PO Box 9' } })
    expect(Object.keys(record.attributes).sort()).toEqual(['bedrooms', 'lastSaleDate', 'vacant'])
  })

  it('names the input field of a row error’s column', () => {
    expect(['phone_3', 'email_1', 'property_zip', 'mailing_city', 'year_built', 'first_name', 'property_type', null].map(fieldOfColumn)).toEqual([
      'phones.2', 'emails.0', 'propertyAddress', 'mailingAddress', 'property.yearBuilt', 'firstName', 'property.propertyType', 'lead',
    ])
  })
})
