import type { ImportProgress, StageProgress } from './import-progress'

/**
 * What the import page's three progress bars show — LAND, PARSE → MERGE
 * (RESOLVE runs inside the same chunks) and RECORD — derived from the
 * import row alone, so the page costs one indexed read however large the file.
 * LAND keeps no progress entry of its own: its bar comes from its cursors
 * (bytes read of the file's size until the row count is known), and its
 * speed from the time since the import was created.
 */

export type StageBar = {
  key: 'land' | 'merge' | 'record'
  label: string
  state: 'waiting' | 'running' | 'done'
  done: number
  total: number | null
  /** 0..100, whole numbers. */
  percent: number
  rowsPerSecond: number | null
  /** Seconds left at the current speed, when it can be told. */
  etaSeconds: number | null
}

export type ImportForBars = {
  status: string
  byteSize: bigint | number
  landByteOffset: bigint | number
  landNextRowNo: number
  rowCount: number | null
  createdAt: Date
  updatedAt: Date
  progress: unknown
}

const clampPercent = (fraction: number) => Math.max(0, Math.min(100, Math.floor(fraction * 100)))

function fromProgress(key: 'merge' | 'record', label: string, entry: StageProgress | undefined, live: boolean): StageBar {
  if (!entry) return { key, label, state: 'waiting', done: 0, total: null, percent: 0, rowsPerSecond: null, etaSeconds: null }
  const finished = entry.finishedAt !== null
  const total = entry.total
  const rate = entry.rowsPerSecond > 0 ? entry.rowsPerSecond : null
  return {
    key,
    label,
    state: finished ? 'done' : 'running',
    done: entry.done,
    total,
    percent: finished ? 100 : total ? clampPercent(entry.done / total) : 0,
    rowsPerSecond: rate,
    etaSeconds: !finished && live && rate && total !== null ? Math.ceil(Math.max(0, total - entry.done) / rate) : null,
  }
}

export function importStageBars(file: ImportForBars): StageBar[] {
  const progress = (file.progress ?? {}) as ImportProgress
  const live = file.status === 'running' || file.status === 'queued'
  const byteSize = Number(file.byteSize)
  const offset = Number(file.landByteOffset)
  const landed = file.landNextRowNo - 1
  const landFinished = file.rowCount !== null
  // LAND ends when the first extraction starts; until then it has run since the import was made.
  const landEnd = landFinished && progress.parse ? new Date(progress.parse.startedAt) : file.updatedAt
  const seconds = Math.max(0.001, (landEnd.getTime() - file.createdAt.getTime()) / 1000)
  const rowsPerSecond = landed > 0 ? Math.round(landed / seconds) : null
  const bytesPerSecond = offset > 0 ? offset / seconds : 0
  const land: StageBar = {
    key: 'land',
    label: 'LAND',
    state: landFinished ? 'done' : landed > 0 || offset > 0 ? 'running' : 'waiting',
    done: landed,
    total: file.rowCount,
    percent: landFinished ? 100 : byteSize > 0 ? clampPercent(offset / byteSize) : 0,
    rowsPerSecond,
    etaSeconds: !landFinished && live && bytesPerSecond > 0 ? Math.ceil(Math.max(0, byteSize - offset) / bytesPerSecond) : null,
  }
  return [land, fromProgress('merge', 'PARSE → MERGE', progress.merge, live), fromProgress('record', 'RECORD', progress.record, live)]
}
