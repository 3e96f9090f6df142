import { createHash } from 'node:crypto'

/**
 * Natural keys of the identity graph. The ingest pipeline owns the full
 * normalization rules; these are the shared primitives it builds on.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export function normalizeText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

export function propertyHash(address: { line1: string; city: string; state: string; postalCode: string }): string {
  const zip5 = address.postalCode.replace(/\D/g, '').slice(0, 5)
  return sha256([normalizeText(address.line1), normalizeText(address.city), address.state.toUpperCase(), zip5].join('|'))
}

/** Same name at a different property is a different identity: we under-merge on purpose. */
export function identityHash(fullName: string, propertyHashValue: string): string {
  return sha256(`${normalizeText(fullName)}|${propertyHashValue}`)
}
