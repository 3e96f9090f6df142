import type { ColumnMapping } from '~/modules/ingest/parsers/types'
import { LEAD_EMAILS_MAX, LEAD_PHONES_MAX, type AddressInput, type LeadInput } from './lead-input'

/**
 * A written lead as one row of the organization's "API lead writes" import
 * (docs/decisions/050): a fixed header, a column map for the generic CSV
 * parser, and the row's cells. PARSE, RESOLVE and MERGE then run on it
 * exactly as on an uploaded file's row, and `file_rows` keeps it verbatim.
 *
 * The header is versioned: a change to it is a new API import file
 * (API_LEAD_ROW_VERSION), so every row of a file matches its header.
 */

export const API_LEAD_ROW_VERSION = 1

const PERSON = ['first_name', 'middle_name', 'last_name', 'suffix', 'full_name', 'age', 'deceased'] as const
const PHONES = Array.from({ length: LEAD_PHONES_MAX }, (_, i) => `phone_${i + 1}`)
const PHONE_TYPES = PHONES.map((p) => `${p}_type`)
const EMAILS = Array.from({ length: LEAD_EMAILS_MAX }, (_, i) => `email_${i + 1}`)
const ADDRESS = ['line1', 'line2', 'city', 'state', 'zip'] as const
const FACTS = [
  ['propertyType', 'property_type'], ['bedrooms', 'bedrooms'], ['bathrooms', 'bathrooms'], ['livingSqft', 'living_sqft'],
  ['lotSizeSqft', 'lot_size_sqft'], ['lotSizeAcres', 'lot_size_acres'], ['yearBuilt', 'year_built'],
  ['assessedValue', 'assessed_value'], ['estimatedValue', 'estimated_value'], ['equity', 'equity'],
  ['equityPercent', 'equity_percent'], ['lastSaleDate', 'last_sale_date'], ['lastSalePrice', 'last_sale_price'],
  ['ownerOccupied', 'owner_occupied'], ['absentee', 'absentee'], ['vacant', 'vacant'], ['county', 'county'], ['apn', 'apn'],
] as const

export const API_LEAD_HEADER: readonly string[] = [
  ...PERSON,
  ...PHONES,
  ...PHONE_TYPES,
  ...EMAILS,
  ...ADDRESS.map((p) => `property_${p}`),
  ...ADDRESS.map((p) => `mailing_${p}`),
  ...FACTS.map(([, column]) => column),
]

/** Every column is named after the field it maps to; the phone types stay in the row only. */
export const API_LEAD_COLUMN_MAP: ColumnMapping = Object.fromEntries([
  ...PERSON.map((c) => [c, c]),
  ...PHONES.map((c) => [c, 'phone']),
  ...PHONE_TYPES.map((c) => [c, 'ignore']),
  ...EMAILS.map((c) => [c, 'email']),
  ...ADDRESS.map((p) => [`property_${p}`, `property_${p}`]),
  ...ADDRESS.map((p) => [`mailing_${p}`, `mailing_${p}`]),
  ...FACTS.map(([, column]) => [column, column]),
])

const cell = (value: string | number | boolean | undefined | null) =>
  value === undefined || value === null ? '' : typeof value === 'boolean' ? (value ? 'Y' : 'N') : String(value)

/** The row's cells, aligned with API_LEAD_HEADER. */
export function apiLeadCells(lead: LeadInput): string[] {
  const byColumn = new Map<string, string>()
  byColumn.set('first_name', cell(lead.firstName))
  byColumn.set('middle_name', cell(lead.middleName))
  byColumn.set('last_name', cell(lead.lastName))
  byColumn.set('suffix', cell(lead.suffix))
  byColumn.set('full_name', cell(lead.fullName))
  byColumn.set('age', cell(lead.age))
  byColumn.set('deceased', cell(lead.deceased))
  ;(lead.phones ?? []).forEach((phone, i) => {
    byColumn.set(PHONES[i]!, typeof phone === 'string' ? phone : phone.number)
    if (typeof phone !== 'string' && phone.type) byColumn.set(PHONE_TYPES[i]!, phone.type)
  })
  ;(lead.emails ?? []).forEach((email, i) => byColumn.set(EMAILS[i]!, email))
  const address = (prefix: string, a: AddressInput | undefined) => {
    if (!a) return
    byColumn.set(`${prefix}_line1`, cell(a.line1))
    byColumn.set(`${prefix}_line2`, cell(a.line2))
    byColumn.set(`${prefix}_city`, cell(a.city))
    byColumn.set(`${prefix}_state`, cell(a.state))
    byColumn.set(`${prefix}_zip`, cell(a.postalCode))
  }
  address('property', lead.propertyAddress)
  address('mailing', lead.mailingAddress)
  for (const [key, column] of FACTS) byColumn.set(column, cell(lead.property?.[key]))
  return API_LEAD_HEADER.map((column) => byColumn.get(column) ?? '')
}

/** The input field a row error's column stands for: `phone_2` → `phones.1`, `property_zip` → `propertyAddress`. */
export function fieldOfColumn(column: string | null): string {
  if (!column) return 'lead'
  let match = /^phone_(\d+)$/.exec(column)
  if (match) return `phones.${Number(match[1]) - 1}`
  match = /^email_(\d+)$/.exec(column)
  if (match) return `emails.${Number(match[1]) - 1}`
  if (column.startsWith('property_') && ADDRESS.some((p) => column === `property_${p}`)) return 'propertyAddress'
  if (column.startsWith('mailing_')) return 'mailingAddress'
  const fact = FACTS.find(([, c]) => c === column)
  if (fact) return `property.${fact[0]}`
  const person: Record<string, string> = {
    first_name: 'firstName', middle_name: 'middleName', last_name: 'lastName', suffix: 'suffix', full_name: 'fullName',
    age: 'age', deceased: 'deceased',
  }
  return person[column] ?? 'lead'
}
