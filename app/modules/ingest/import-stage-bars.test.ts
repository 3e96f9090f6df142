import { describe, expect, it } from 'vitest'
import { importStageBars } from './import-stage-bars'

const created = new Date('2026-11-29T10:00:00Z')
const at = (seconds: number) => new Date(created.getTime() + seconds * 1000)

describe('importStageBars', () => {
  it('shows LAND by bytes read while the row count is unknown, with rows/s and the time left at that speed', () => {
    const [land, merge, record] = importStageBars({
      status: 'running', byteSize: 1000, landByteOffset: 250, landNextRowNo: 101, rowCount: null, createdAt: created, updatedAt: at(10), progress: {},
    })
    expect(land).toMatchObject({ state: 'running', done: 100, total: null, percent: 25, rowsPerSecond: 10, etaSeconds: 30 })
    expect(merge).toMatchObject({ state: 'waiting', percent: 0, etaSeconds: null })
    expect(record).toMatchObject({ state: 'waiting' })
  })

  it('shows PARSE → MERGE from its progress entry, and LAND done at the speed it had when the extraction began', () => {
    const [land, merge, record] = importStageBars({
      status: 'running', byteSize: 1000, landByteOffset: 1000, landNextRowNo: 401, rowCount: 400, createdAt: created, updatedAt: at(100),
      progress: {
        parse: { done: 100, total: 400, startedAt: at(20).toISOString(), finishedAt: null, rowsPerSecond: 50 },
        merge: { done: 100, total: 400, startedAt: at(20).toISOString(), finishedAt: null, rowsPerSecond: 50 },
      },
    })
    expect(land).toMatchObject({ state: 'done', done: 400, total: 400, percent: 100, rowsPerSecond: 20, etaSeconds: null })
    expect(merge).toMatchObject({ state: 'running', done: 100, total: 400, percent: 25, rowsPerSecond: 50, etaSeconds: 6 })
    expect(record?.state).toBe('waiting')
  })

  it('tells no time left for a paused import, and shows finished stages full', () => {
    const bars = importStageBars({
      status: 'paused', byteSize: 1000, landByteOffset: 500, landNextRowNo: 51, rowCount: null, createdAt: created, updatedAt: at(5), progress: {},
    })
    expect(bars[0]).toMatchObject({ state: 'running', percent: 50, etaSeconds: null })
    const done = importStageBars({
      status: 'completed', byteSize: 10, landByteOffset: 10, landNextRowNo: 3, rowCount: 2, createdAt: created, updatedAt: at(5),
      progress: {
        merge: { done: 2, total: 2, startedAt: at(1).toISOString(), finishedAt: at(2).toISOString(), rowsPerSecond: 2 },
        record: { done: 2, total: 2, startedAt: at(3).toISOString(), finishedAt: at(3).toISOString(), rowsPerSecond: 0 },
      },
    })
    expect(done.map((b) => [b.state, b.percent])).toEqual([['done', 100], ['done', 100], ['done', 100]])
  })
})
