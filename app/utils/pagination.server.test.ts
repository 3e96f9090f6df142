import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, pageSizeSchema } from './pagination.server'

describe('keyset cursors', () => {
  it('round-trip', () => {
    const cursor = { createdAt: new Date('2026-11-22T04:00:00.123Z'), id: '2f1d3a4e-9c1b-4f7e-8a2d-1b2c3d4e5f60' }
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor)
  })
  it('treat tampered or foreign values as no cursor', () => {
    expect(decodeCursor('not-base64-json')).toBeNull()
    expect(decodeCursor(Buffer.from('{"t":"yesterday","id":"1"}').toString('base64url'))).toBeNull()
    expect(decodeCursor(null)).toBeNull()
  })
  it('clamp page sizes', () => {
    expect(pageSizeSchema.parse('25')).toBe(25)
    expect(pageSizeSchema.parse('100000')).toBe(50)
    expect(pageSizeSchema.parse(undefined)).toBe(50)
  })
})
