import { headerColumns } from './header'
import { parseWithPlan, type Plan } from './plan'
import { addressPlan, attributeColumns, contactColumns, personPlan } from './synonyms'
import type { Detection, Parser } from './types'

/**
 * Contact-centric exports (CRMs, dialers, list brokers): one person per row,
 * phones and emails, maybe an address (and attributes of it). The address
 * is the one the lead is about (the property of a seller lead), so it
 * anchors the identity.
 */

const PERSON_PREFIXES = ['contact', 'lead', 'primary', 'person', '']
const ADDRESS_PREFIXES = ['', 'contact', 'home', 'mailing', 'mail', 'property', 'lead']

const plans = new WeakMap<readonly string[], Plan>()

function planFor(header: readonly string[]): Plan {
  const known = plans.get(header)
  if (known) return known
  const columns = headerColumns(header)
  const taken = new Set<number>()
  const person = personPlan(columns, PERSON_PREFIXES, taken)
  const plan: Plan = {
    persons: person ? [person] : [],
    phones: contactColumns(columns, 'phone', taken).map((p) => ({ ...p, person: 0 })),
    emails: contactColumns(columns, 'email', taken).map((e) => ({ ...e, person: 0 })),
    property: addressPlan(columns, ADDRESS_PREFIXES, taken),
    mailing: null,
    attributes: attributeColumns(columns, taken),
  }
  plans.set(header, plan)
  return plan
}

export function detectContactExport(header: readonly string[]): Detection {
  const columns = headerColumns(header)
  const taken = new Set<number>()
  const reasons: string[] = []
  let confidence = 0
  const person = personPlan(columns, PERSON_PREFIXES.filter(Boolean), new Set()) ?? personPlan(columns, [''], new Set())
  const owner = personPlan(columns, ['owner1', 'owner'], new Set())
  const phones = contactColumns(columns, 'phone', taken)
  const emails = contactColumns(columns, 'email', taken)
  const address = addressPlan(columns, ADDRESS_PREFIXES, new Set())
  const attributes = Object.keys(attributeColumns(columns, taken))
  if (person) {
    confidence += 0.35
    reasons.push('person name columns')
  }
  if (phones.length) {
    confidence += 0.3
    reasons.push(`${phones.length} phone column${phones.length > 1 ? 's' : ''}`)
  }
  if (emails.length) {
    confidence += 0.15
    reasons.push(`${emails.length} email column${emails.length > 1 ? 's' : ''}`)
  }
  if (address?.line1) {
    confidence += 0.1
    reasons.push('an address')
  }
  if (owner || attributes.length >= 3) {
    confidence -= 0.3
    reasons.push('owner or property columns: looks property-centric')
  } else if (person) {
    confidence += 0.1
  }
  return { confidence: Math.max(0, Math.min(1, Math.round(confidence * 100) / 100)), reasons }
}

export const contactExportParser: Parser = {
  key: 'contact-export',
  version: 1,
  label: 'Contact export (person, phones, emails, address)',
  detect: detectContactExport,
  parse: (row, header) => parseWithPlan(row, planFor(header)),
}
