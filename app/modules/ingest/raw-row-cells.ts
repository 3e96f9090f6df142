import { headerDisplayNames } from './header-display-names'

export type RawCell = { column: string; value: string }

/**
 * A landed row as header → value pairs, in file order, with the header's
 * display names (blank and repeated names made distinct). Cells beyond the
 * header (a ragged row) are named by position, `Column 12`; header columns
 * the row lacks are left out.
 */
export function rawRowCells(header: readonly string[], cells: readonly string[]): RawCell[] {
  const names = headerDisplayNames(header)
  return cells.map((value, index) => ({ column: names[index] ?? `Column ${index + 1}`, value }))
}
