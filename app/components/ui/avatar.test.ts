import { describe, expect, it } from 'vitest'
import { contrastRatio, rgb } from '../../../tests/support/contrast'
import { avatarColor, avatarPalette, initials } from './avatar'

describe('avatars', () => {
  it.each(avatarPalette)('white initials reach 4.5:1 on %s', (color) => {
    expect(contrastRatio(rgb('#ffffff'), rgb(color))).toBeGreaterThanOrEqual(4.5)
  })

  it('gives one person the same color every time, from the palette', () => {
    expect(avatarColor('user-1')).toBe(avatarColor('user-1'))
    expect(avatarPalette).toContain(avatarColor('someone else'))
  })

  it('makes initials from first and last names', () => {
    expect(initials('Ada Lovelace')).toBe('AL')
    expect(initials('Grace Brewster Hopper')).toBe('GH')
    expect(initials('cher')).toBe('CH')
  })
})
