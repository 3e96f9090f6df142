import { describe, expect, it } from 'vitest'
import { landedCells, landedRow, landedRowErrorCodes } from './landed-row'

describe('landedRow', () => {
  it('stores the cells as a JSON array and no error for a clean row', () => {
    expect(landedRow(['a', 'b\\c', 'tab\there', 'say "hi"'], 4, undefined)).toEqual({
      payload: '["a","b\\\\c","tab\\there","say \\"hi\\""]',
      error: null,
    })
  })

  it('notes the field count of a ragged row and keeps every field', () => {
    const row = landedRow(['a', 'b', 'c'], 2, undefined)
    expect(JSON.parse(row.payload)).toEqual(['a', 'b', 'c'])
    expect(row.error).toBe('ragged_row: 3 fields, the header has 2')
    expect(landedRow(['a'], 2, undefined).error).toBe('ragged_row: 1 field, the header has 2')
  })

  it('escapes a row holding NUL so Postgres can store it, says so, and gives the exact cells back', () => {
    const cells = ['nul\0here', 'back\\slash', 'literal \\0 text']
    const row = landedRow(cells, 3, ['not_utf8'])
    expect(row.payload).not.toContain('\\u0000')
    expect(JSON.parse(row.payload)).toEqual(['nul\\0here', 'back\\\\slash', 'literal \\\\0 text'])
    expect(landedRowErrorCodes(row.error)).toEqual(['not_utf8', 'nul_escaped'])
    expect(landedCells({ payload: JSON.parse(row.payload), error: row.error })).toEqual(cells)
  })

  it('leaves a row with a literal backslash-u0000 text alone', () => {
    const row = landedRow(['\\u0000'], 1, undefined)
    expect(row.error).toBeNull()
    expect(landedCells({ payload: JSON.parse(row.payload), error: row.error })).toEqual(['\\u0000'])
  })
})
