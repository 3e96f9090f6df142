import { createHash } from 'node:crypto'
import { normalizeAddress, type CanonicalAddress } from '~/modules/ingest/resolve/address'
import { normalizeName } from '~/modules/ingest/resolve/name'

/**
 * Natural keys of the identity graph (docs/decisions/029). The ingest
 * pipeline and every other writer (the demo seed) hash through these, so a
 * lead seeded or imported twice lands on the same rows.
 */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The hash of a canonical address (never of lat/lng). */
export function propertyHashOf(address: Pick<CanonicalAddress, 'line1' | 'city' | 'state' | 'zip5'>): string {
  return sha256(`${address.line1}|${address.city}|${address.state}|${address.zip5}`)
}

export function propertyHash(address: { line1: string; city: string; state: string; postalCode: string }): string {
  const result = normalizeAddress({ line1: address.line1, city: address.city, state: address.state, zip: address.postalCode })
  if (!result.ok) throw new Error(`Not a usable address: ${result.message}`)
  return propertyHashOf(result.address)
}

/**
 * A normalized name key plus what anchors it: a property hash, or for a row
 * without a property address a prefixed mailing hash or contact list (see
 * ADR 029). Same name at a different anchor is a different identity: we
 * under-merge on purpose.
 */
export function identityHashOf(nameKey: string, anchor: string): string {
  return sha256(`${nameKey}|${anchor}`)
}

export function identityHash(fullName: string, propertyHashValue: string): string {
  const name = normalizeName({ full: fullName, order: 'first-last' })
  if (!name) throw new Error('A name is required for an identity hash')
  return identityHashOf(name.key, propertyHashValue)
}
