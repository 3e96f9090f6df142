/**
 * The promoted scalars MERGE resolves by (confidence, recency), each stored
 * with `<column>_confidence` and `<column>_seen_at` (docs/decisions/029).
 * One list drives the staging tables, the upserts and the tests.
 */

export type ScalarField = { key: string; column: string; sqlType: 'text' | 'integer' | 'real' | 'bigint' | 'date' | 'boolean' }

export const PROPERTY_SCALARS: readonly ScalarField[] = [
  { key: 'propertyType', column: 'property_type', sqlType: 'text' },
  { key: 'bedrooms', column: 'bedrooms', sqlType: 'integer' },
  { key: 'bathrooms', column: 'bathrooms', sqlType: 'real' },
  { key: 'livingSqft', column: 'living_sqft', sqlType: 'integer' },
  { key: 'lotSizeSqft', column: 'lot_size_sqft', sqlType: 'integer' },
  { key: 'yearBuilt', column: 'year_built', sqlType: 'integer' },
  { key: 'assessedValue', column: 'assessed_value', sqlType: 'bigint' },
  { key: 'estimatedValue', column: 'estimated_value', sqlType: 'bigint' },
  { key: 'equity', column: 'equity', sqlType: 'bigint' },
  { key: 'equityPercent', column: 'equity_percent', sqlType: 'real' },
  { key: 'lastSaleDate', column: 'last_sale_date', sqlType: 'date' },
  { key: 'lastSalePrice', column: 'last_sale_price', sqlType: 'bigint' },
  { key: 'ownerOccupied', column: 'owner_occupied', sqlType: 'boolean' },
  { key: 'absentee', column: 'absentee', sqlType: 'boolean' },
  { key: 'vacant', column: 'vacant', sqlType: 'boolean' },
  { key: 'county', column: 'county', sqlType: 'text' },
  { key: 'apn', column: 'apn', sqlType: 'text' },
  { key: 'zip4', column: 'zip4', sqlType: 'text' },
]

export const IDENTITY_SCALARS: readonly ScalarField[] = [
  { key: 'age', column: 'age', sqlType: 'integer' },
  { key: 'deceased', column: 'deceased', sqlType: 'boolean' },
]
