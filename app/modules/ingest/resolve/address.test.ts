import { describe, expect, it } from 'vitest'
import { propertyHashOf } from '~/modules/leads/natural-keys.server'
import { canonicalZip, normalizeAddress, type AddressInput } from './address'

const line = (input: AddressInput) => {
  const result = normalizeAddress({ city: 'Austin', state: 'TX', zip: '78701', ...input })
  if (!result.ok) throw new Error(result.message)
  return result.address.line1
}
const hash = (input: AddressInput) => {
  const result = normalizeAddress(input)
  if (!result.ok) throw new Error(result.message)
  return propertyHashOf(result.address)
}

describe('normalizeAddress', () => {
  it('abbreviates street suffixes and directionals the USPS way, whatever the case and punctuation', () => {
    expect(line({ line1: '1205 North Oak Street' })).toBe('1205 N OAK ST')
    expect(line({ line1: '1205 n. oak st.' })).toBe('1205 N OAK ST')
    expect(line({ line1: '1600 Pennsylvania Avenue Northwest' })).toBe('1600 PENNSYLVANIA AVE NW')
    expect(line({ line1: '4500 W Sunset Boulevard' })).toBe('4500 W SUNSET BLVD')
    expect(line({ line1: '12 Lakeview Pkwy.' })).toBe('12 LAKEVIEW PKWY')
  })

  it('keeps a directional or suffix word that is the street’s name', () => {
    expect(line({ line1: '100 North St' })).toBe('100 NORTH ST')
    expect(line({ line1: '77 Avenue of the Americas' })).toBe('77 AVENUE OF THE AMERICAS')
  })

  it('reads unit designators, a # included, and keeps # apart from a named unit (it may be another kind)', () => {
    expect(line({ line1: '123 Main St., Apartment #4B' })).toBe('123 MAIN ST APT 4B')
    expect(line({ line1: '123 Main St', line2: 'Suite 200' })).toBe('123 MAIN ST STE 200')
    expect(line({ line1: '88 Elm St #4' })).toBe('88 ELM ST # 4')
    expect(hash({ line1: '88 Elm St #4', city: 'Miami', state: 'FL', zip: '33101' })).not.toBe(
      hash({ line1: '88 Elm St Apt 4', city: 'Miami', state: 'FL', zip: '33101' }),
    )
  })

  it('writes PO boxes and rural routes one way', () => {
    expect(line({ line1: 'P.O. Box 123' })).toBe('PO BOX 123')
    expect(line({ line1: 'Post Office Box 123' })).toBe('PO BOX 123')
    expect(line({ line1: 'Rural Route 2 Box 45' })).toBe('RR 2 BOX 45')
    expect(line({ line1: 'RR 2 BOX 45' })).toBe('RR 2 BOX 45')
  })

  it('gives state codes, ZIP5 (restoring leading zeros a spreadsheet dropped) and ZIP4 aside', () => {
    const result = normalizeAddress({ line1: '1 Main St', city: 'st. louis', state: 'Missouri', zip: '63101-1234' })
    expect(result).toMatchObject({ ok: true, address: { city: 'SAINT LOUIS', state: 'MO', zip5: '63101', zip4: '1234' } })
    expect(canonicalZip('2134')).toEqual({ zip5: '02134', zip4: null })
    expect(canonicalZip('021341234')).toEqual({ zip5: '02134', zip4: '1234' })
    expect(canonicalZip('n/a')).toBeNull()
  })

  it('hashes spellings of one address alike, and different places apart', () => {
    const a = hash({ line1: '1205 North Oak Street', city: 'Austin', state: 'Texas', zip: '78701' })
    expect(hash({ line1: '1205 N. OAK ST', city: 'AUSTIN', state: 'tx', zip: '78701-0001' })).toBe(a)
    expect(hash({ line1: '1205 S Oak St', city: 'Austin', state: 'TX', zip: '78701' })).not.toBe(a)
    expect(hash({ line1: '1205 N Oak St', city: 'Austin', state: 'TX', zip: '78702' })).not.toBe(a)
  })

  it('refuses an address that could stand for many places, and says why', () => {
    expect(normalizeAddress({ line1: '1 Main St', city: 'Austin' })).toMatchObject({ ok: false, reason: 'incomplete' })
    expect(normalizeAddress({ line1: '1 Main St', state: 'TX' })).toMatchObject({ ok: false, reason: 'incomplete' })
    expect(normalizeAddress({ city: 'Austin', state: 'TX', zip: '78701' })).toMatchObject({ ok: false, reason: 'incomplete' })
    expect(normalizeAddress({ line1: ' ', city: '' })).toMatchObject({ ok: false, reason: 'empty' })
  })
})
