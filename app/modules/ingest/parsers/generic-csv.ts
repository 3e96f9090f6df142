import { headerColumns, type HeaderColumn } from './header'
import { ATTRIBUTE_FIELDS, columnMapSchema } from './column-map'
import { parseWithPlan, type AddressPlan, type PersonPlan, type Plan } from './plan'
import type { Detection, Parser } from './types'

/**
 * Any CSV, read through a column map the operator made (and may save for
 * reuse). It never claims a header by itself: detection gives it a low
 * floor, so it is chosen only when nothing else fits, and then needs a map.
 */

const plans = new WeakMap<readonly string[], Map<string, Plan>>()

function planFor(header: readonly string[], map: Record<string, string>): Plan {
  const key = JSON.stringify(map)
  const perHeader = plans.get(header) ?? new Map<string, Plan>()
  plans.set(header, perHeader)
  const known = perHeader.get(key)
  if (known) return known

  columnMapSchema.parse(map)
  const byLabel = new Map(headerColumns(header).map((c) => [c.label, c]))
  const person: PersonPlan = { order: 'first-last' }
  const owner2: PersonPlan = { order: 'first-last' }
  const property: AddressPlan = {}
  const mailing: AddressPlan = {}
  const plan: Plan = { persons: [], phones: [], emails: [], property: null, mailing: null, attributes: {} }
  for (const [label, field] of Object.entries(map)) {
    const column: HeaderColumn | undefined = byLabel.get(label)
    if (!column) continue
    if (field === 'first_name') person.first = column
    else if (field === 'middle_name') person.middle = column
    else if (field === 'last_name') person.last = column
    else if (field === 'suffix') person.suffix = column
    else if (field === 'full_name') person.full = column
    else if (field === 'full_name_last_first') {
      person.full = column
      person.order = 'last-first'
    } else if (field === 'age') person.age = column
    else if (field === 'deceased') person.deceased = column
    else if (field === 'owner2_first_name') owner2.first = column
    else if (field === 'owner2_last_name') owner2.last = column
    else if (field === 'owner2_full_name') owner2.full = column
    else if (field === 'phone') plan.phones.push({ column, person: 0 })
    else if (field === 'owner2_phone') plan.phones.push({ column, person: 1 })
    else if (field === 'email') plan.emails.push({ column, person: 0 })
    else if (field.startsWith('property_') && !(field in ATTRIBUTE_FIELDS)) property[field.slice(9) as keyof AddressPlan] = column
    else if (field.startsWith('mailing_')) mailing[field.slice(8) as keyof AddressPlan] = column
    else if (field in ATTRIBUTE_FIELDS) plan.attributes[ATTRIBUTE_FIELDS[field]!] = column
  }
  const hasOwner2 = owner2.first || owner2.last || owner2.full
  plan.persons = hasOwner2 ? [person, owner2] : [person]
  plan.phones.sort((a, b) => a.column.index - b.column.index)
  plan.emails.sort((a, b) => a.column.index - b.column.index)
  plan.property = Object.keys(property).length ? property : null
  plan.mailing = Object.keys(mailing).length ? mailing : null
  perHeader.set(key, plan)
  return plan
}

export const genericCsvParser: Parser = {
  key: 'generic-csv',
  version: 1,
  label: 'Generic CSV with a column map',
  detect: (): Detection => ({ confidence: 0.05, reasons: ['any file, with a column map'] }),
  parse: (row, header, columnMap) => {
    if (!columnMap) throw new Error('The generic CSV parser needs a column map')
    return parseWithPlan(row, planFor(header, columnMap))
  },
}
