import { copyLine } from './copy-text'
import { IDENTITY_SCALARS, PROPERTY_SCALARS } from './graph-fields'
import type { Parser, ColumnMapping } from './parsers/types'
import { resolveRecord, type ResolvedAddress, type RowError } from './resolve/resolve-record'

/**
 * PARSE + RESOLVE of one chunk of landed rows, pure and synchronous: rows in,
 * COPY text for MERGE's staging tables out, plus the chunk's row errors and
 * counts. No I/O, so it can run off the main thread.
 */

export type LandedRow = { rowNo: number; cells: readonly string[]; error: string | null }

export type ChunkCounts = {
  rows: number
  emptyRows: number
  /** Rows LAND kept with a reading error (ragged, unterminated quote); parsed as far as they go. */
  unreadableRows: number
  invalidPhones: number
  invalidEmails: number
  errorsByType: Record<string, number>
}

export type ExtractedChunk = {
  /** COPY text for stg_person, stg_address, stg_contact and import_row_errors (without the two id columns). */
  persons: string
  addresses: string
  contacts: string
  errors: string
  counts: ChunkCounts
}

export const STAGING_COLUMNS = {
  person: ['row_no', 'ord', 'identity_hash', 'first_name', 'middle_name', 'last_name', 'suffix', 'full_name',
    ...IDENTITY_SCALARS.map((f) => f.column), 'property_hash', 'mailing_hash'],
  address: ['row_no', 'role', 'property_hash', 'line1', 'city', 'state', 'postal_code', 'street_number', 'street_predir',
    'street_name', 'street_suffix', 'street_postdir', 'unit_type', 'unit_number', 'source_column',
    ...PROPERTY_SCALARS.map((f) => f.column)],
  contact: ['row_no', 'ord', 'kind', 'value', 'source_column', 'position'],
  error: ['row_no', 'source_column', 'kind', 'value', 'message'],
}

function addressLine(rowNo: number, role: 'owner' | 'mailing', a: ResolvedAddress, attributes: Record<string, unknown> | null) {
  const p = a.parts
  return copyLine([
    rowNo, role, a.hash, a.line1, a.city, a.state, a.zip5, p.number, p.predir, p.name, p.suffix, p.postdir, p.unitType,
    p.unitNumber, a.column,
    ...PROPERTY_SCALARS.map((f) => (attributes?.[f.key] ?? null) as string | number | boolean | null),
  ])
}

export function extractChunk(options: {
  rows: readonly LandedRow[]
  header: readonly string[]
  parser: Parser
  columnMap?: ColumnMapping | null
  /** Universe rows need a person (a row without one is a row error); enrichment rows match by phone or property too, compliance rows need only their phones. */
  needsPerson: boolean
}): ExtractedChunk {
  const counts: ChunkCounts = { rows: 0, emptyRows: 0, unreadableRows: 0, invalidPhones: 0, invalidEmails: 0, errorsByType: {} }
  // Lines are collected in arrays and joined once: appending to one growing string makes a deep rope that costs more in GC.
  const persons: string[] = []
  const addresses: string[] = []
  const contacts: string[] = []
  const errors: string[] = []
  const addError = (rowNo: number, error: RowError) => {
    counts.errorsByType[error.kind] = (counts.errorsByType[error.kind] ?? 0) + 1
    if (error.kind === 'invalid_phone') counts.invalidPhones++
    if (error.kind === 'invalid_email') counts.invalidEmails++
    errors.push(copyLine([rowNo, error.column, error.kind, error.value, error.message]))
  }

  for (const row of options.rows) {
    counts.rows++
    if (row.error) {
      counts.unreadableRows++
      // Reported like any other row problem, so the import page lists it and its CSV of errors has it.
      addError(row.rowNo, { column: null, kind: 'unreadable_row', value: null, message: row.error })
    }
    if (row.cells.every((cell) => !cell || !cell.trim())) {
      counts.emptyRows++
      continue
    }
    const resolved = resolveRecord(options.parser.parse(row.cells, options.header, options.columnMap), {
      needsPerson: options.needsPerson,
    })
    for (const error of resolved.errors) addError(row.rowNo, error)

    if (resolved.property) addresses.push(addressLine(row.rowNo, 'owner', resolved.property, resolved.attributes))
    if (resolved.mailing) {
      addresses.push(addressLine(row.rowNo, 'mailing', resolved.mailing, null))
    }
    const ords = new Set(resolved.persons.map((p) => p.ord))
    for (const person of resolved.persons) {
      const n = person.name
      persons.push(copyLine([
        row.rowNo, person.ord, person.identityHash, n.first, n.middle, n.last, n.suffix, n.full, person.age, person.deceased,
        resolved.property?.hash ?? null,
        person.ord === 0 ? (resolved.mailing?.hash ?? null) : null,
      ]))
    }
    for (const contact of resolved.contacts) {
      if (options.needsPerson && !ords.has(contact.ord)) {
        // A phone of a second owner whose name is missing: reported, not guessed onto someone else.
        if (resolved.persons.length > 0) {
          addError(row.rowNo, {
            column: contact.column,
            kind: 'no_person_for_contact',
            value: contact.value,
            message: 'The column belongs to a person the row does not name',
          })
        }
        continue
      }
      contacts.push(copyLine([row.rowNo, contact.ord, contact.kind === 'phone' ? 'p' : 'e', contact.value, contact.column, contact.position]))
    }
  }
  return { persons: persons.join(''), addresses: addresses.join(''), contacts: contacts.join(''), errors: errors.join(''), counts }
}
