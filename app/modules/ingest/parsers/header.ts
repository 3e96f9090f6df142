import { headerDisplayNames } from '../header-display-names'

/**
 * Header names as vendors write them: any case, spacing and punctuation
 * ("Owner 1 First Name", "OWNER1_FIRSTNAME", "owner-1-first-name" are one
 * key), duplicates and blanks. Each column gets a stable label for
 * provenance and column maps, the same names LAND shows: a blank name is
 * `Column 7` (its position), a repeated one `Phone (2)`, `Phone (3)`, never
 * a name the header already uses.
 */

export type HeaderColumn = { index: number; key: string; label: string }

export function headerKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/%/g, 'percent')
    .replace(/#/g, 'number')
    .replace(/[^a-z0-9]+/g, '')
}

const cache = new WeakMap<readonly string[], HeaderColumn[]>()

/** The columns of a header, computed once per header array. */
export function headerColumns(header: readonly string[]): HeaderColumn[] {
  const known = cache.get(header)
  if (known) return known
  const labels = headerDisplayNames(header)
  const columns = header.map((name, index) => ({ index, key: headerKey(name), label: labels[index]! }))
  cache.set(header, columns)
  return columns
}

/** The first column whose key is one of `keys` (in the order of `keys`: the most specific first). */
export function findColumn(columns: HeaderColumn[], keys: readonly string[], taken?: Set<number>): HeaderColumn | undefined {
  for (const key of keys) {
    const column = columns.find((c) => c.key === key && !taken?.has(c.index))
    if (column) return column
  }
  return undefined
}

/** A cell of the row, trimmed, with the column's label; undefined when empty. */
export function cellAt(row: readonly string[], column: HeaderColumn | undefined) {
  if (!column) return undefined
  const value = row[column.index]?.trim()
  return value ? { value, column: column.label } : undefined
}
