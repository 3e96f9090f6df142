import { describe, expect, it } from 'vitest'
import { normalizeName } from './name'

describe('normalizeName', () => {
  it('reads last-first names when the vendor format says so, or a comma does, and keys them like first-last', () => {
    const firstLast = normalizeName({ full: 'John A Smith', order: 'first-last' })!
    const lastFirst = normalizeName({ full: 'SMITH JOHN A', order: 'last-first' })!
    const comma = normalizeName({ full: 'Smith, John A.', order: 'first-last' })!
    expect(lastFirst).toMatchObject({ first: 'John', middle: 'A', last: 'Smith', full: 'John A Smith' })
    expect(comma.key).toBe(firstLast.key)
    expect(lastFirst.key).toBe(firstLast.key)
    expect(firstLast.key).toBe('JOHN A SMITH')
  })

  it('keeps suffixes apart and drops titles', () => {
    expect(normalizeName({ full: 'Dr. John Smith Jr.' })).toMatchObject({ first: 'John', last: 'Smith', suffix: 'JR', key: 'JOHN SMITH JR' })
    expect(normalizeName({ full: 'SMITH JR, JOHN' })).toMatchObject({ first: 'John', last: 'Smith', suffix: 'JR' })
    expect(normalizeName({ first: 'Homer', last: 'Simpson III' })).toMatchObject({ last: 'Simpson', suffix: 'III' })
  })

  it('collapses case, spacing and punctuation, and keeps names’ own apostrophes and hyphens for display', () => {
    const a = normalizeName({ first: '  dana ', last: "o'neil-SMITH" })!
    const b = normalizeName({ full: "DANA  O'NEIL-SMITH" })!
    expect(a.full).toBe("Dana O'Neil-Smith")
    expect(a.key).toBe(b.key)
    expect(normalizeName({ first: 'José', last: 'Núñez' })!.key).toBe('JOSE NUNEZ')
  })

  it('takes the middle name out of a first-name cell that holds two words', () => {
    expect(normalizeName({ first: 'JOHN A', last: 'SMITH' })).toMatchObject({ first: 'John', middle: 'A', last: 'Smith' })
  })

  it('keeps an organization owner whole, without person parts', () => {
    expect(normalizeName({ full: 'ACME HOLDINGS LLC', order: 'last-first' })).toEqual({
      first: null, middle: null, last: null, suffix: null, full: 'Acme Holdings Llc', key: 'ACME HOLDINGS LLC', isOrganization: true,
    })
  })

  it('reads the first person of a joint name and nothing when there is no name', () => {
    expect(normalizeName({ full: 'SMITH JOHN & MARY', order: 'last-first' })).toMatchObject({ first: 'John', last: 'Smith' })
    expect(normalizeName({ full: '  ' })).toBeNull()
    expect(normalizeName({})).toBeNull()
  })
})
