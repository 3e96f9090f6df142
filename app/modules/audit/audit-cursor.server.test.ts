import { describe, expect, it } from 'vitest'
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor.server'

describe('audit cursors', () => {
  it('round-trip bigint ids beyond the safe integer range', () => {
    const cursor = { createdAt: new Date('2026-11-22T04:00:00.123Z'), id: 9_007_199_254_740_993n }
    expect(decodeAuditCursor(encodeAuditCursor(cursor))).toEqual(cursor)
  })

  it('read tampered or foreign values as no cursor', () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    expect(decodeAuditCursor('not-base64-json')).toBeNull()
    expect(decodeAuditCursor(encode({ t: '2026-11-22T04:00:00.000Z', id: '1 OR 1=1' }))).toBeNull()
    expect(decodeAuditCursor(encode({ t: '2026-11-22T04:00:00.000Z', id: '2f1d3a4e-9c1b-4f7e-8a2d-1b2c3d4e5f60' }))).toBeNull()
    expect(decodeAuditCursor(encode({ t: 'yesterday', id: '1' }))).toBeNull()
    expect(decodeAuditCursor(null)).toBeNull()
  })
})
