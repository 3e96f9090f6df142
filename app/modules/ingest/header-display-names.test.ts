import { describe, expect, it } from 'vitest'
import { headerDisplayNames } from './header-display-names'

describe('headerDisplayNames', () => {
  it('names blank columns by position and numbers repeated names', () => {
    expect(headerDisplayNames(['Phone', '', 'Phone', ' Name ', 'Phone', '  '])).toEqual([
      'Phone',
      'Column 2',
      'Phone (2)',
      'Name',
      'Phone (3)',
      'Column 6',
    ])
  })

  it('never gives two columns the same name, even when the header already uses a generated one', () => {
    const names = headerDisplayNames(['Phone', 'Phone (2)', 'Phone', '', 'Column 4', 'Column 4'])
    expect(names).toEqual(['Phone', 'Phone (2)', 'Phone (3)', 'Column 4 (2)', 'Column 4', 'Column 4 (3)'])
    expect(new Set(names).size).toBe(names.length)
  })
})
