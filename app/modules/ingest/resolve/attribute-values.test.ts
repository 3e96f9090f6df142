import { describe, expect, it } from 'vitest'
import { PROPERTY_SCALARS } from '../graph-fields'
import { ATTRIBUTE_PARSERS } from './attribute-values'

const INTEGER_MAX = 2 ** 31 - 1
const BIGINT_MAX = 2 ** 63

describe('promoted attribute values', () => {
  it('never yield a number its column cannot hold, so no cell can fail a chunk', () => {
    const huge = ['99999999999999999999', '2147483648', '50000', '49999.5', '1e30']
    for (const [name, parse] of Object.entries(ATTRIBUTE_PARSERS)) {
      const field = PROPERTY_SCALARS.find((f) => f.key === (name === 'lotSizeAcres' ? 'lotSizeSqft' : name))
      if (!field || (field.sqlType !== 'integer' && field.sqlType !== 'bigint')) continue
      for (const text of huge) {
        const result = parse(text)
        if (!result.ok) continue
        const stored = name === 'lotSizeAcres' ? Math.round((result.value as number) * 43_560) : (result.value as number)
        expect(Math.abs(stored), `${name} ← ${text}`).toBeLessThanOrEqual(field.sqlType === 'integer' ? INTEGER_MAX : BIGINT_MAX)
      }
    }
  })

  it('reports an acreage too large to be one as an invalid value', () => {
    expect(ATTRIBUTE_PARSERS.lotSizeAcres('49999')).toMatchObject({ ok: false })
    expect(ATTRIBUTE_PARSERS.lotSizeAcres('0.25')).toEqual({ ok: true, value: 0.25 })
  })
})
