import { headerColumns } from './header'
import { parseWithPlan, type Plan } from './plan'
import { contactColumns, personPlan } from './synonyms'
import type { Detection, Parser } from './types'

/**
 * Lists of numbers: opt-outs, DNC and litigator lists, suppression files.
 * Every phone column of the row, nothing else (a compliance import needs
 * only the numbers; the rest of the row stays in file_rows as evidence).
 */

const plans = new WeakMap<readonly string[], Plan>()

function planFor(header: readonly string[]): Plan {
  const known = plans.get(header)
  if (known) return known
  const plan: Plan = {
    persons: [],
    phones: contactColumns(headerColumns(header), 'phone', new Set()).map((p) => ({ ...p, person: 0 })),
    emails: [],
    property: null,
    mailing: null,
    attributes: {},
  }
  plans.set(header, plan)
  return plan
}

export const phoneListParser: Parser = {
  key: 'phone-list',
  version: 1,
  label: 'Phone list (opt-outs, DNC, litigators, suppression)',
  detect(header): Detection {
    const columns = headerColumns(header)
    const phones = contactColumns(columns, 'phone', new Set())
    if (phones.length === 0) return { confidence: 0, reasons: [] }
    const named = personPlan(columns, ['owner1', 'owner', 'contact', ''], new Set())
    return named
      ? { confidence: 0.3, reasons: [`${phones.length} phone column${phones.length > 1 ? 's' : ''}`, 'names too: more than a list of numbers'] }
      : { confidence: 0.6, reasons: [`${phones.length} phone column${phones.length > 1 ? 's' : ''} and no names`] }
  },
  parse: (row, header) => parseWithPlan(row, planFor(header)),
}
