import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { recordsToCsv } from './records-csv'

describe('recordsToCsv', () => {
  it('writes the union of keys in first-seen order, empty cells for missing and null, quoting what needs it', () => {
    const csv = recordsToCsv([
      { name: 'Ann "A" Lee', phone: '512-555-0100' },
      { phone: 5125550101, city: 'Austin, TX', note: null },
      { name: 'Bo\nB', active: true },
    ])
    expect(csv.split('\n')[0]).toBe('name,phone,city,note,active')
    const parsed = Papa.parse<string[]>(csv.trimEnd(), { header: false }).data
    expect(parsed).toEqual([
      ['name', 'phone', 'city', 'note', 'active'],
      ['Ann "A" Lee', '512-555-0100', '', '', ''],
      ['', '5125550101', 'Austin, TX', '', ''],
      ['Bo\nB', '', '', '', 'true'],
    ])
  })
})
