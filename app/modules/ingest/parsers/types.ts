import type { NameOrder } from '../resolve/name'

/**
 * The parser contract (docs/decisions/028). A parser is pure and versioned:
 * the same row, header and column map always give the same record, and a
 * change to what it produces is a new version (re-extraction runs it over
 * the stored rows).
 */

/** A value read from one cell, with the header name of its column (provenance). */
export type Cell = { value: string; column: string }

export type RawAddress = { line1?: Cell; line2?: Cell; city?: Cell; state?: Cell; zip?: Cell }

export type ParsedPerson = {
  first?: Cell
  middle?: Cell
  last?: Cell
  suffix?: Cell
  full?: Cell
  order: NameOrder
  age?: Cell
  deceased?: Cell
}

/** The promoted property attributes (typed columns of `properties`); every other cell stays in file_rows. */
export const PROPERTY_ATTRIBUTES = [
  'propertyType', 'bedrooms', 'bathrooms', 'livingSqft', 'lotSizeSqft', 'lotSizeAcres', 'yearBuilt', 'assessedValue',
  'estimatedValue', 'equity', 'equityPercent', 'lastSaleDate', 'lastSalePrice', 'ownerOccupied', 'absentee', 'vacant',
  'county', 'apn',
] as const
export type PropertyAttribute = (typeof PROPERTY_ATTRIBUTES)[number]

export type ParsedRecord = {
  /** The people of the row; the first is the primary contact. */
  persons: ParsedPerson[]
  /** Every phone cell, with the person it belongs to (index into persons) and its position in the row. */
  phones: (Cell & { person: number; position: number })[]
  emails: (Cell & { person: number; position: number })[]
  /** The property the row is about (owner role). */
  property: RawAddress | null
  /** Where the primary person gets mail. */
  mailing: RawAddress | null
  attributes: Partial<Record<PropertyAttribute, Cell>>
}

export type Detection = { confidence: number; reasons: string[] }

export type Parser = {
  key: string
  version: number
  label: string
  /** How well this parser fits a header, 0..1, and why. */
  detect(header: readonly string[]): Detection
  parse(row: readonly string[], header: readonly string[], columnMap?: ColumnMapping | null): ParsedRecord
}

/** A generic CSV's column map: file column (header name) → our field. */
export type ColumnMapping = Record<string, string>
