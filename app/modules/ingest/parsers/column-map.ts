import { z } from 'zod'
import { headerColumns } from './header'
import { PROPERTY_ATTRIBUTES, type PropertyAttribute } from './types'

/**
 * A generic CSV's column map: `{ "<file column>": "<our field>" }`. The file
 * column is the header name as written (a blank one is `Column 7`, a
 * repeated one `Phone (2)`, as headerDisplayNames names them). Phones and emails
 * may come from many columns; every other field from one.
 */

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

export const ATTRIBUTE_FIELDS = Object.fromEntries(PROPERTY_ATTRIBUTES.map((a) => [snake(a), a])) as Record<string, PropertyAttribute>

export const MAPPABLE_FIELDS = [
  'first_name', 'middle_name', 'last_name', 'suffix', 'full_name', 'full_name_last_first', 'age', 'deceased',
  'owner2_first_name', 'owner2_last_name', 'owner2_full_name', 'owner2_phone',
  'phone', 'email',
  'property_line1', 'property_line2', 'property_city', 'property_state', 'property_zip',
  'mailing_line1', 'mailing_line2', 'mailing_city', 'mailing_state', 'mailing_zip',
  ...Object.keys(ATTRIBUTE_FIELDS),
  'ignore',
] as const
export type MappableField = (typeof MAPPABLE_FIELDS)[number]

const REPEATABLE = new Set<string>(['phone', 'email', 'owner2_phone', 'ignore'])

export const columnMapSchema = z
  .record(z.string().min(1).max(300), z.enum(MAPPABLE_FIELDS))
  .superRefine((map, ctx) => {
    const seen = new Map<string, string>()
    for (const [column, field] of Object.entries(map)) {
      if (REPEATABLE.has(field)) continue
      const other = seen.get(field)
      if (other) ctx.addIssue({ code: 'custom', message: `Both "${other}" and "${column}" are mapped to ${field}; map one` })
      seen.set(field, column)
    }
    const fields = new Set(Object.values(map))
    const named = ['first_name', 'last_name', 'full_name', 'full_name_last_first'].some((f) => fields.has(f as MappableField))
    if (!named && !fields.has('phone')) {
      ctx.addIssue({ code: 'custom', message: 'Map at least a name or a phone column' })
    }
  })

export type ColumnMap = z.infer<typeof columnMapSchema>

/** The map's columns that the header does not have (empty when it fits). */
export function columnsMissingFromHeader(map: ColumnMap, header: readonly string[]): string[] {
  const labels = new Set(headerColumns(header).map((c) => c.label))
  return Object.keys(map).filter((column) => !labels.has(column))
}
