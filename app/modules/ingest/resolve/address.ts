import {
  CITY_LEADING_WORDS,
  DIRECTIONALS,
  STANDALONE_UNIT_DESIGNATORS,
  STATE_CODES,
  STREET_SUFFIXES,
  UNIT_DESIGNATORS,
} from './usps-abbreviations'

/**
 * US addresses to one canonical form (docs/decisions/029): upper case, no
 * punctuation, USPS abbreviations for street suffixes, directionals and unit
 * designators, two-letter state codes, ZIP5 (+ ZIP4 aside). The canonical
 * street line, city, state and ZIP5 are what `propertyHash` hashes.
 *
 * It never guesses: every token of the input survives (only abbreviated), so
 * two different addresses never collapse into one; spellings it does not know
 * stay apart (under-merge, never over-merge).
 */

export type AddressInput = {
  line1?: string | null
  line2?: string | null
  city?: string | null
  state?: string | null
  zip?: string | null
}

export type StreetParts = {
  number: string | null
  predir: string | null
  name: string | null
  suffix: string | null
  postdir: string | null
  unitType: string | null
  unitNumber: string | null
}

export type CanonicalAddress = {
  line1: string
  city: string
  state: string
  zip5: string
  zip4: string | null
  parts: StreetParts
}

export type AddressResult =
  | { ok: true; address: CanonicalAddress }
  | { ok: false; reason: 'empty' | 'incomplete'; message: string }

function clean(value: string | null | undefined): string {
  if (!value) return ''
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/#/g, ' # ')
    .replace(/[.,;:'"`()[\]{}]/g, ' ')
    .replace(/[^A-Z0-9#&/\- ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

const PO_BOX = /^(?:P ?O|POST OFFICE|POB|P O B|POST OFF|BOX)(?: BOX)? ?(\S+)$/
const RURAL_ROUTE = /^(?:RR|R R|RURAL ROUTE|RURAL RT|RT|ROUTE) (\S+)(?: BOX (\S+))?$/

function parseStreet(text: string): { line: string; parts: StreetParts } {
  const empty: StreetParts = { number: null, predir: null, name: null, suffix: null, postdir: null, unitType: null, unitNumber: null }
  const box = PO_BOX.exec(text)
  if (box && /^[A-Z0-9-]+$/.test(box[1]!) && /\d/.test(box[1]!)) {
    return { line: `PO BOX ${box[1]}`, parts: { ...empty, name: 'PO BOX', number: box[1]! } }
  }
  const route = RURAL_ROUTE.exec(text)
  if (route && /\d/.test(route[1]!)) {
    const line = route[2] ? `RR ${route[1]} BOX ${route[2]}` : `RR ${route[1]}`
    return { line, parts: { ...empty, name: 'RR', number: route[1]!, unitType: route[2] ? 'BOX' : null, unitNumber: route[2] ?? null } }
  }

  const tokens = text.split(' ').filter(Boolean)
  const parts = { ...empty }
  let start = 0
  let end = tokens.length

  if (/^\d+[A-Z]?(?:[-/]\d+[A-Z]?)?$|^\d+-?[A-Z]$/.test(tokens[0] ?? '')) {
    parts.number = tokens[0]!
    start = 1
    // "123 1/2 MAIN ST": the fraction belongs to the number.
    if (/^\d\/\d$/.test(tokens[1] ?? '')) {
      parts.number += ` ${tokens[1]}`
      start = 2
    }
  }

  // A unit at the end: "APT 4B", "# 12", "STE 200", or a standalone designator ("REAR").
  for (let i = end - 1; i > start; i--) {
    const designator = UNIT_DESIGNATORS.get(tokens[i]!)
    if (designator && i + 1 < end && end - i <= 3) {
      parts.unitType = designator
      parts.unitNumber = tokens.slice(i + 1, end).join(' ')
      end = i
      // "APT # 4": the word says which kind of unit; the # adds nothing.
      const before = UNIT_DESIGNATORS.get(tokens[i - 1] ?? '')
      if (designator === '#' && before && before !== '#' && i - 1 > start) {
        parts.unitType = before
        end = i - 1
      }
      break
    }
    const standalone = STANDALONE_UNIT_DESIGNATORS.get(tokens[i]!)
    if (standalone && i === end - 1 && i > start + 1) {
      parts.unitType = standalone
      end = i
      break
    }
  }
  // A unit without a designator: "123 MAIN ST 4B" is left alone (it could be part of a name).

  const isSuffix = (t: string | undefined) => t !== undefined && STREET_SUFFIXES.has(t)
  const isDirectional = (t: string | undefined) => t !== undefined && DIRECTIONALS.has(t)

  // Pre-directional, unless what follows is only a suffix ("100 NORTH ST": North is the name).
  if (isDirectional(tokens[start]) && end - start >= 2 && !(end - start === 2 && isSuffix(tokens[start + 1]))) {
    parts.predir = DIRECTIONALS.get(tokens[start]!)!
    start++
  }
  // Post-directional: "1600 PENNSYLVANIA AVE NW".
  if (end - start >= 2 && isDirectional(tokens[end - 1])) {
    parts.postdir = DIRECTIONALS.get(tokens[end - 1]!)!
    end--
  }
  // Suffix: the last word, when a name precedes it ("AVENUE OF THE AMERICAS" keeps its words).
  if (end - start >= 2 && isSuffix(tokens[end - 1])) {
    parts.suffix = STREET_SUFFIXES.get(tokens[end - 1]!)!
    end--
  }
  parts.name = tokens.slice(start, end).join(' ') || null

  const line = [parts.number, parts.predir, parts.name, parts.suffix, parts.postdir, parts.unitType, parts.unitNumber]
    .filter(Boolean)
    .join(' ')
  return { line, parts }
}

function canonicalCity(value: string | null | undefined): string {
  const tokens = clean(value).replace(/[#&/-]/g, ' ').split(' ').filter(Boolean)
  if (tokens.length > 1 && CITY_LEADING_WORDS.has(tokens[0]!)) tokens[0] = CITY_LEADING_WORDS.get(tokens[0]!)!
  return tokens.join(' ')
}

export function canonicalState(value: string | null | undefined): string | null {
  const text = clean(value).replace(/[#&/-]/g, ' ').replace(/\s+/g, ' ').trim()
  return STATE_CODES.get(text) ?? null
}

/** ZIP5 and ZIP4; spreadsheet exports drop leading zeros ("2134" is 02134). */
export function canonicalZip(value: string | null | undefined): { zip5: string; zip4: string | null } | null {
  const text = (value ?? '').trim()
  if (!text) return null
  const match = /^(\d{3,5})(?:[- ]?(\d{4}))?$/.exec(text.replace(/\s+/g, ' '))
  if (match) return { zip5: match[1]!.padStart(5, '0'), zip4: match[2] ?? null }
  const digits = text.replace(/\D/g, '')
  if (digits.length === 9) return { zip5: digits.slice(0, 5), zip4: digits.slice(5) }
  return null
}

/**
 * The canonical address, or why there is none: a street line and a state are
 * required, plus a ZIP or a city (an address without them would merge
 * unrelated places that share a street line).
 */
export function normalizeAddress(input: AddressInput): AddressResult {
  const street = clean([input.line1, input.line2].filter(Boolean).join(' '))
  const city = canonicalCity(input.city)
  const state = canonicalState(input.state)
  const zip = canonicalZip(input.zip)
  if (!street && !city && !input.state?.trim() && !input.zip?.trim()) {
    return { ok: false, reason: 'empty', message: 'No address' }
  }
  if (!street) return { ok: false, reason: 'incomplete', message: 'The address has no street line' }
  if (!state) return { ok: false, reason: 'incomplete', message: `The address has no known US state (${input.state ?? ''})` }
  if (!zip && !city) return { ok: false, reason: 'incomplete', message: 'The address has neither a ZIP code nor a city' }
  const { line, parts } = parseStreet(street)
  return { ok: true, address: { line1: line, city, state, zip5: zip?.zip5 ?? '', zip4: zip?.zip4 ?? null, parts } }
}
