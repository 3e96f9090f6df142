import { identityHashOf, propertyHashOf } from '~/modules/leads/natural-keys.server'
import type { Cell, ParsedRecord, PropertyAttribute, RawAddress } from '../parsers/types'
import { normalizeAddress, type AddressResult, type CanonicalAddress } from './address'
import { ATTRIBUTE_PARSERS, parseAge, parseDeceased, type AttributeValue } from './attribute-values'
import { resolveEmail } from './email'
import { normalizeName, type NormalizedName } from './name'
import { resolvePhone } from './phone'

/**
 * RESOLVE (pure): a parsed record to the normalized facts MERGE writes, and
 * the row errors it found. Identity anchors (docs/decisions/029): a person
 * is their normalized name plus the property hash; without a property
 * address, plus the mailing address's hash; without either, plus the sorted
 * list of their own phones and emails; with none of those, no identity (a
 * row error). Each anchor is prefixed, so they never collide.
 */

export type RowError = { column: string | null; kind: string; value: string | null; message: string }

export type ResolvedAddress = CanonicalAddress & { hash: string; column: string | null }

export type ResolvedPerson = {
  ord: number
  identityHash: string
  name: NormalizedName
  nameColumn: string | null
  age: number | null
  deceased: boolean | null
}

export type ResolvedContact = { ord: number; kind: 'phone' | 'email'; value: string; column: string; position: number }

export type ResolvedRow = {
  persons: ResolvedPerson[]
  property: ResolvedAddress | null
  mailing: ResolvedAddress | null
  /** Typed attributes of the property; `zip4` rides along from the address. */
  attributes: Partial<Record<Exclude<PropertyAttribute, 'lotSizeAcres'> | 'zip4', AttributeValue>>
  contacts: ResolvedContact[]
  errors: RowError[]
}

const rawText = (address: RawAddress) =>
  [address.line1, address.line2, address.city, address.state, address.zip].map((c) => c?.value ?? '').join(', ')

// Vendor files repeat addresses (a mailing address is often the property's own, owners repeat):
// normalizing and hashing each distinct one once is most of RESOLVE's saving. Bounded.
const MEMO_LIMIT = 25_000
const addressMemo = new Map<string, AddressResult & { hash?: string }>()
const nameMemo = new Map<string, NormalizedName | null>()

function memoized<K, V>(memo: Map<K, V>, key: K, compute: () => V): V {
  const known = memo.get(key)
  if (known !== undefined) return known
  const value = compute()
  if (memo.size >= MEMO_LIMIT) memo.clear()
  memo.set(key, value)
  return value
}

function resolveAddress(raw: RawAddress | null, errors: RowError[], role: string): ResolvedAddress | null {
  if (!raw) return null
  const key = `${raw.line1?.value ?? ''}\u0001${raw.line2?.value ?? ''}\u0001${raw.city?.value ?? ''}\u0001${raw.state?.value ?? ''}\u0001${raw.zip?.value ?? ''}`
  const result = memoized(addressMemo, key, () => {
    const normalized: AddressResult & { hash?: string } = normalizeAddress({
      line1: raw.line1?.value,
      line2: raw.line2?.value,
      city: raw.city?.value,
      state: raw.state?.value,
      zip: raw.zip?.value,
    })
    if (normalized.ok) normalized.hash = propertyHashOf(normalized.address)
    return normalized
  })
  const column = (raw.line1 ?? raw.city ?? raw.zip)?.column ?? null
  if (!result.ok) {
    if (result.reason === 'incomplete') {
      errors.push({ column, kind: 'incomplete_address', value: rawText(raw), message: `${role}: ${result.message}` })
    }
    return null
  }
  return { ...result.address, hash: result.hash!, column }
}

export function resolveRecord(record: ParsedRecord, options: { needsPerson: boolean }): ResolvedRow {
  const errors: RowError[] = []
  const property = resolveAddress(record.property, errors, 'Property address')
  const mailing = resolveAddress(record.mailing, errors, 'Mailing address')

  const contacts: ResolvedContact[] = []
  const seen = new Set<string>()
  for (const phone of record.phones) {
    const result = resolvePhone(phone.value)
    if (!result) continue
    if (!result.ok) {
      errors.push({ column: phone.column, kind: 'invalid_phone', value: phone.value, message: result.message })
      continue
    }
    const key = `${phone.person}:p:${result.e164}`
    if (seen.has(key)) continue
    seen.add(key)
    contacts.push({ ord: phone.person, kind: 'phone', value: result.e164, column: phone.column, position: phone.position })
  }
  for (const email of record.emails) {
    const result = resolveEmail(email.value)
    if (!result) continue
    if (!result.ok) {
      errors.push({ column: email.column, kind: 'invalid_email', value: email.value, message: result.message })
      continue
    }
    const key = `${email.person}:e:${result.address}`
    if (seen.has(key)) continue
    seen.add(key)
    contacts.push({ ord: email.person, kind: 'email', value: result.address, column: email.column, position: email.position })
  }

  const attributes: ResolvedRow['attributes'] = {}
  const readAttribute = (name: PropertyAttribute, cell: Cell) => {
    const result = ATTRIBUTE_PARSERS[name](cell.value)
    if (result.ok) return result.value
    errors.push({ column: cell.column, kind: 'invalid_value', value: cell.value, message: result.message })
    return null
  }
  if (property) {
    for (const [name, cell] of Object.entries(record.attributes) as [PropertyAttribute, Cell][]) {
      const value = readAttribute(name, cell)
      if (value === null) continue
      if (name === 'lotSizeAcres') {
        if (record.attributes.lotSizeSqft === undefined) attributes.lotSizeSqft = Math.round((value as number) * 43_560)
      } else attributes[name] = value
    }
    if (property.zip4) attributes.zip4 = property.zip4
    if (attributes.absentee === undefined && mailing) attributes.absentee = mailing.hash !== property.hash
  }

  const persons: ResolvedPerson[] = []
  record.persons.forEach((person, ord) => {
    const nameKey = `${person.first?.value ?? ''}\u0001${person.middle?.value ?? ''}\u0001${person.last?.value ?? ''}\u0001${person.suffix?.value ?? ''}\u0001${person.full?.value ?? ''}\u0001${person.order}`
    const name = memoized(nameMemo, nameKey, () =>
      normalizeName({
        first: person.first?.value,
        middle: person.middle?.value,
        last: person.last?.value,
        suffix: person.suffix?.value,
        full: person.full?.value,
        order: person.order,
      }),
    )
    if (!name) return
    let anchor: string | null = property?.hash ?? (mailing && ord === 0 ? `mailing:${mailing.hash}` : null)
    if (!anchor) {
      const own = contacts.filter((c) => c.ord === ord).map((c) => `${c.kind}:${c.value}`).sort()
      anchor = own.length ? `contacts:${own.join(',')}` : null
    }
    const nameColumn = (person.full ?? person.last ?? person.first)?.column ?? null
    if (!anchor) {
      errors.push({
        column: nameColumn,
        kind: 'no_anchor',
        value: name.full,
        message: 'A name without an address, phone or email: nothing tells this person apart from a namesake',
      })
      return
    }
    const age = person.age ? parseAge(person.age.value) : null
    if (age && !age.ok) errors.push({ column: person.age!.column, kind: 'invalid_value', value: person.age!.value, message: age.message })
    const deceased = person.deceased ? parseDeceased(person.deceased.value) : null
    if (deceased && !deceased.ok) {
      errors.push({ column: person.deceased!.column, kind: 'invalid_value', value: person.deceased!.value, message: deceased.message })
    }
    persons.push({
      ord,
      identityHash: identityHashOf(name.key, anchor),
      name,
      nameColumn,
      age: age?.ok ? (age.value as number) : null,
      deceased: deceased?.ok ? (deceased.value as boolean) : null,
    })
  })
  if (options.needsPerson && persons.length === 0 && !errors.some((e) => e.kind === 'no_anchor')) {
    errors.push({ column: null, kind: 'missing_name', value: null, message: 'No person’s name in the row' })
  }
  return { persons, property, mailing, attributes, contacts, errors }
}
