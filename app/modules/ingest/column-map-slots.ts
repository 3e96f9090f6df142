import { MAPPABLE_FIELDS, type MappableField } from './parsers/column-map'

/**
 * The mapping screen's selects: one per field of the generic CSV parser,
 * several for the fields a row may have many of (phones, emails). Each
 * select picks a file column; the screen's choices become a column map
 * `{ "<file column>": "<field>" }`.
 */

const REPEATS: Partial<Record<MappableField, number>> = { phone: 5, email: 3, owner2_phone: 2 }

export type MapSlot = { slot: string; field: MappableField; label: string }

const words = (field: string) => {
  const text = field.replace(/_/g, ' ').replace(/line(\d)/, 'line $1').replace(/\bzip\b/, 'ZIP').replace(/\bapn\b/, 'APN').replace(/\bsqft\b/, 'sq ft').replace(/owner2/, 'second owner')
  return text.charAt(0).toUpperCase() + text.slice(1)
}

export const MAP_SLOTS: readonly MapSlot[] = MAPPABLE_FIELDS.filter((f) => f !== 'ignore').flatMap((field) => {
  const repeat = REPEATS[field]
  if (!repeat) return [{ slot: field, field, label: words(field) }]
  return Array.from({ length: repeat }, (_, i) => ({ slot: `${field}--${i + 1}`, field, label: `${words(field)} ${i + 1}` }))
})

/** The screen's choices (slot → column, blank for none) as a column map, or why they cannot be one. */
export function slotsToColumnMap(choices: Record<string, string | undefined>): { map: Record<string, string>; errors: Record<string, string> } {
  const map: Record<string, string> = {}
  const slotOf: Record<string, string> = {}
  const errors: Record<string, string> = {}
  for (const { slot, field } of MAP_SLOTS) {
    const column = choices[slot]?.trim()
    if (!column) continue
    const taken = slotOf[column]
    if (taken) {
      errors[slot] = `“${column}” is already chosen for ${MAP_SLOTS.find((s) => s.slot === taken)!.label}.`
      continue
    }
    map[column] = field
    slotOf[column] = slot
  }
  return { map, errors }
}

/** A saved column map as the screen's choices, repeatable fields filling their slots in file-column order. */
export function columnMapToSlots(map: Record<string, string> | null | undefined, header: readonly string[]): Record<string, string> {
  const choices: Record<string, string> = {}
  if (!map) return choices
  const order = new Map(header.map((name, i) => [name, i]))
  const entries = Object.entries(map).sort((a, b) => (order.get(a[0]) ?? 0) - (order.get(b[0]) ?? 0))
  for (const [column, field] of entries) {
    const free = MAP_SLOTS.find((s) => s.field === field && !choices[s.slot])
    if (free) choices[free.slot] = column
  }
  return choices
}
