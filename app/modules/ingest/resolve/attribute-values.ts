import type { PropertyAttribute } from '../parsers/types'

/**
 * Cell text to the typed value of a promoted attribute. Vendors write money
 * as "$250,000" or "250K", flags as Y/N, Yes/No, 1/0, X, dates as ISO,
 * US (5/3/2019) or compact (20190503). A value that cannot be read is a row
 * error (the cell stays in file_rows either way).
 */

export type AttributeValue = string | number | boolean
export type ValueResult = { ok: true; value: AttributeValue } | { ok: false; message: string }

function number(text: string): number | null {
  const match = /^\$?\s*(-?[\d,]*\.?\d+)\s*([kKmM])?$/.exec(text.replace(/\s+/g, ''))
  if (!match) return null
  const value = Number(match[1]!.replace(/,/g, ''))
  if (!Number.isFinite(value)) return null
  const scale = match[2] ? (match[2].toLowerCase() === 'k' ? 1_000 : 1_000_000) : 1
  return value * scale
}

const TRUE = new Set(['Y', 'YES', 'TRUE', 'T', '1', 'X'])
const FALSE = new Set(['N', 'NO', 'FALSE', 'F', '0'])

export function parseFlag(text: string): boolean | null {
  const upper = text.trim().toUpperCase()
  if (TRUE.has(upper)) return true
  if (FALSE.has(upper)) return false
  return null
}

export function parseDate(text: string): string | null {
  const t = text.trim()
  let y: number, m: number, d: number
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t)
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(t))) {
    ;[m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])]
    if (y < 100) y += y > (new Date().getUTCFullYear() % 100) ? 1900 : 2000
  } else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  else return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1700 || y > 2200) return null
  return date.toISOString().slice(0, 10)
}

const integer = (min: number, max: number) => (text: string): ValueResult => {
  const value = number(text)
  if (value === null || value < min || value > max) return { ok: false, message: `Not a number between ${min} and ${max}` }
  return { ok: true, value: Math.round(value) }
}
const decimal = (min: number, max: number) => (text: string): ValueResult => {
  const value = number(text.replace(/%$/, ''))
  if (value === null || value < min || value > max) return { ok: false, message: `Not a number between ${min} and ${max}` }
  return { ok: true, value }
}
const money = integer(-1e13, 1e13)
const flag = (words: { yes: RegExp; no: RegExp }) => (text: string): ValueResult => {
  const value = parseFlag(text)
  if (value !== null) return { ok: true, value }
  if (words.yes.test(text)) return { ok: true, value: true }
  if (words.no.test(text)) return { ok: true, value: false }
  return { ok: false, message: 'Not a yes/no value' }
}
const text = (value: string): ValueResult => ({ ok: true, value: value.replace(/\s+/g, ' ').trim().slice(0, 200) })

export const ATTRIBUTE_PARSERS: Record<PropertyAttribute, (text: string) => ValueResult> = {
  propertyType: text,
  bedrooms: integer(0, 500),
  bathrooms: decimal(0, 500),
  livingSqft: integer(0, 10_000_000),
  lotSizeSqft: integer(0, 2_000_000_000),
  // Stored as square feet in an integer column: 45,000 acres is 1.96 billion sq ft, inside it.
  lotSizeAcres: decimal(0, 45_000),
  yearBuilt: integer(1600, 2200),
  assessedValue: money,
  estimatedValue: money,
  equity: money,
  equityPercent: decimal(-1000, 1000),
  lastSaleDate: (value) => {
    const date = parseDate(value)
    return date ? { ok: true, value: date } : { ok: false, message: 'Not a date' }
  },
  lastSalePrice: money,
  ownerOccupied: flag({ yes: /^owner.?occ/i, no: /^(absentee|non.?owner|renter)/i }),
  absentee: flag({ yes: /^(absentee|non.?owner)/i, no: /^owner.?occ/i }),
  vacant: flag({ yes: /^vacant/i, no: /^occupied/i }),
  county: text,
  apn: text,
}

export const parseAge = integer(0, 130)
export const parseDeceased = flag({ yes: /^deceased/i, no: /^(alive|living)/i })
