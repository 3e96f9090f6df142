import { headerColumns } from './header'
import { parseWithPlan, type Plan } from './plan'
import { addressPlan, attributeColumns, contactColumns, personPlan } from './synonyms'
import type { Detection, Parser } from './types'

/**
 * Property-centric vendor exports (county-record and skip-trace data): one
 * row per property, owner 1 and 2, the property address, the owner's
 * mailing address, phone1..N in any of the vendors' spellings, and property
 * attributes. A full owner name without a "last, first" hint in its header
 * is read first-last; county exports that write "SMITH JOHN A" say so in
 * the header (e.g. "Owner Name (Last First)") or with a comma.
 */

const PROPERTY_PREFIXES = ['property', 'site', 'situs', 'propertyaddress', 'subject']
const MAILING_PREFIXES = ['mailing', 'mail', 'ownermailing', 'owner', 'owner1mailing', 'recipient']

const plans = new WeakMap<readonly string[], Plan>()

function planFor(header: readonly string[]): Plan {
  const known = plans.get(header)
  if (known) return known
  const columns = headerColumns(header)
  const taken = new Set<number>()
  const owner1 = personPlan(columns, ['owner1', 'owner', 'primaryowner', 'owner1full', ''], taken)
  const owner2 = personPlan(columns, ['owner2', 'secondaryowner', 'coowner', 'owner2full'], taken)
  const property = addressPlan(columns, PROPERTY_PREFIXES, taken)
  const mailing = addressPlan(columns, MAILING_PREFIXES, taken)
  const bare = addressPlan(columns, [''], taken)
  const plan: Plan = {
    persons: owner2 ? [owner1 ?? { order: 'first-last' }, owner2] : owner1 ? [owner1] : [],
    phones: contactColumns(columns, 'phone', taken),
    emails: contactColumns(columns, 'email', taken),
    property: property ?? bare,
    mailing: property ? (mailing ?? bare) : mailing,
    attributes: attributeColumns(columns, taken),
  }
  plans.set(header, plan)
  return plan
}

export function detectPropertyExport(header: readonly string[]): Detection {
  const columns = headerColumns(header)
  const taken = new Set<number>()
  const reasons: string[] = []
  let confidence = 0
  const owner = personPlan(columns, ['owner1', 'owner', 'primaryowner'], new Set())
  const anyName = owner ?? personPlan(columns, [''], new Set())
  const property = addressPlan(columns, PROPERTY_PREFIXES, taken)
  const mailing = addressPlan(columns, MAILING_PREFIXES, taken)
  const bare = addressPlan(columns, [''], taken)
  const phones = contactColumns(columns, 'phone', taken)
  const attributes = Object.keys(attributeColumns(columns, taken))
  if (property?.line1) {
    confidence += 0.35
    reasons.push('a property address')
  } else if (bare?.line1) {
    confidence += 0.15
    reasons.push('an address (not named as the property’s)')
  }
  if (owner) {
    confidence += 0.25
    reasons.push('owner name columns')
  } else if (anyName) {
    confidence += 0.1
    reasons.push('name columns')
  }
  if (mailing?.line1) {
    confidence += 0.15
    reasons.push('a mailing address')
  }
  if (attributes.length >= 3) {
    confidence += 0.15
    reasons.push(`${attributes.length} property attributes`)
  } else if (attributes.length > 0) {
    confidence += 0.05
    reasons.push(`${attributes.length} property attribute${attributes.length > 1 ? 's' : ''}`)
  }
  if (phones.length > 0) {
    confidence += 0.1
    reasons.push(`${phones.length} phone column${phones.length > 1 ? 's' : ''}`)
  }
  return { confidence: Math.min(1, Math.round(confidence * 100) / 100), reasons }
}

export const propertyExportParser: Parser = {
  key: 'property-export',
  version: 1,
  label: 'Property export (owners, property and mailing address, phones, attributes)',
  detect: detectPropertyExport,
  parse: (row, header) => parseWithPlan(row, planFor(header)),
}
