import { describe, expect, it } from 'vitest'
import { maskPhone } from './mask-phone'

describe('maskPhone', () => {
  it('keeps the area code and last four digits of a North American number', () => {
    expect(maskPhone('+12125550142')).toBe('+1 (212) ***-0142')
  })
  it('masks the middle of other numbers', () => {
    expect(maskPhone('+447700900123')).toBe('+44******0123')
    expect(maskPhone('+4412')).toBe('****')
  })
})
