import { describe, expect, it } from 'vitest'
import { cooldownRule } from './cooldown-rule'

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000)
const rule = (sameVerticalAt: Date | null, otherVerticalAt: Date | null, now: Date) =>
  cooldownRule({ sameVerticalAt: sameVerticalAt?.getTime() ?? null, otherVerticalAt: otherVerticalAt?.getTime() ?? null }, { sameDays: 90, crossDays: 45 }, now)

describe('cooldownRule', () => {
  it('holds a number for 90 days after a send for the same vertical, to the millisecond', () => {
    expect(rule(day(0), null, day(89))).toEqual({ reason: 'cooldown_same_vertical', until: day(90) })
    expect(rule(day(0), null, new Date(day(90).getTime() - 1))).toMatchObject({ reason: 'cooldown_same_vertical' })
    expect(rule(day(0), null, day(90))).toBeNull()
  })

  it('holds it 45 days after a send for another vertical, and the same vertical wins when both hold', () => {
    expect(rule(null, day(10), day(54))).toEqual({ reason: 'cooldown_cross_vertical', until: day(55) })
    expect(rule(null, day(10), day(55))).toBeNull()
    expect(rule(day(20), day(30), day(40))).toMatchObject({ reason: 'cooldown_same_vertical' })
    expect(rule(null, null, day(0))).toBeNull()
  })

  it('uses the vertical’s own periods', () => {
    expect(cooldownRule({ sameVerticalAt: day(0).getTime(), otherVerticalAt: null }, { sameDays: 30, crossDays: 7 }, day(31))).toBeNull()
    expect(cooldownRule({ sameVerticalAt: null, otherVerticalAt: day(0).getTime() }, { sameDays: 30, crossDays: 7 }, day(6))).toMatchObject({ until: day(7) })
  })
})
