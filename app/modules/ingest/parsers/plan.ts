import type { NameOrder } from '../resolve/name'
import { cellAt, type HeaderColumn } from './header'
import type { ParsedRecord, PropertyAttribute, RawAddress } from './types'

/**
 * Which column holds what, worked out once per header (and column map);
 * every parser compiles one, and `parseWithPlan` reads a row with it. Rows
 * are read by index only: no header matching per row.
 */

export type AddressPlan = { line1?: HeaderColumn; line2?: HeaderColumn; city?: HeaderColumn; state?: HeaderColumn; zip?: HeaderColumn }

export type PersonPlan = {
  first?: HeaderColumn
  middle?: HeaderColumn
  last?: HeaderColumn
  suffix?: HeaderColumn
  full?: HeaderColumn
  order: NameOrder
  age?: HeaderColumn
  deceased?: HeaderColumn
}

export type Plan = {
  persons: PersonPlan[]
  phones: { column: HeaderColumn; person: number }[]
  emails: { column: HeaderColumn; person: number }[]
  property: AddressPlan | null
  mailing: AddressPlan | null
  attributes: Partial<Record<PropertyAttribute, HeaderColumn>>
}

function address(row: readonly string[], plan: AddressPlan | null): RawAddress | null {
  if (!plan) return null
  const result: RawAddress = {
    line1: cellAt(row, plan.line1),
    line2: cellAt(row, plan.line2),
    city: cellAt(row, plan.city),
    state: cellAt(row, plan.state),
    zip: cellAt(row, plan.zip),
  }
  return result.line1 || result.city || result.zip ? result : null
}

export function parseWithPlan(row: readonly string[], plan: Plan): ParsedRecord {
  const persons = plan.persons.map((p) => ({
    first: cellAt(row, p.first),
    middle: cellAt(row, p.middle),
    last: cellAt(row, p.last),
    suffix: cellAt(row, p.suffix),
    full: cellAt(row, p.full),
    order: p.order,
    age: cellAt(row, p.age),
    deceased: cellAt(row, p.deceased),
  }))
  const positions = new Map<number, number>()
  const next = (person: number) => {
    const position = (positions.get(person) ?? 0) + 1
    positions.set(person, position)
    return position
  }
  const phones: ParsedRecord['phones'] = []
  for (const { column, person } of plan.phones) {
    const cell = cellAt(row, column)
    if (cell) phones.push({ ...cell, person, position: next(person) })
  }
  positions.clear()
  const emails: ParsedRecord['emails'] = []
  for (const { column, person } of plan.emails) {
    const cell = cellAt(row, column)
    if (cell) emails.push({ ...cell, person, position: next(person) })
  }
  const attributes: ParsedRecord['attributes'] = {}
  for (const [name, column] of Object.entries(plan.attributes) as [PropertyAttribute, HeaderColumn][]) {
    const cell = cellAt(row, column)
    if (cell) attributes[name] = cell
  }
  return { persons, phones, emails, property: address(row, plan.property), mailing: address(row, plan.mailing), attributes }
}
