import { describe, expect, it } from 'vitest'
import { columnMapToSlots, MAP_SLOTS, slotsToColumnMap } from './column-map-slots'

describe('the mapping screen’s slots', () => {
  it('offers several selects for phones and emails, one for every other field, and none for ignore', () => {
    expect(MAP_SLOTS.filter((s) => s.field === 'phone').map((s) => s.label)).toEqual(['Phone 1', 'Phone 2', 'Phone 3', 'Phone 4', 'Phone 5'])
    expect(MAP_SLOTS.filter((s) => s.field === 'first_name')).toEqual([{ slot: 'first_name', field: 'first_name', label: 'First name' }])
    expect(MAP_SLOTS.some((s) => s.field === 'ignore')).toBe(false)
  })

  it('turns choices into a column map, refusing a column chosen twice, and back', () => {
    const { map, errors } = slotsToColumnMap({ first_name: 'Given', 'phone--1': 'Cell', 'phone--2': 'Home', last_name: 'Given', email: '' })
    expect(map).toEqual({ Given: 'first_name', Cell: 'phone', Home: 'phone' })
    expect(errors).toEqual({ last_name: '“Given” is already chosen for First name.' })
    expect(columnMapToSlots(map, ['Home', 'Given', 'Cell'])).toEqual({ first_name: 'Given', 'phone--1': 'Home', 'phone--2': 'Cell' })
  })
})
