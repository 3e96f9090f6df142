/**
 * `import_files.progress`: per stage, rows done of total, when it started
 * and finished, and rows per second, what the import page's bars and ETA
 * show. Written after every chunk and broadcast to the import's room.
 */

export const PROGRESS_STAGES = ['land', 'parse', 'resolve', 'merge', 'record'] as const
export type ProgressStage = (typeof PROGRESS_STAGES)[number]

export type StageProgress = {
  done: number
  total: number | null
  startedAt: string
  finishedAt: string | null
  rowsPerSecond: number
}

export type ImportProgress = Partial<Record<ProgressStage, StageProgress>>

export function stageProgress(options: { done: number; total: number | null; startedAt: Date; now: Date; finished?: boolean }): StageProgress {
  const seconds = Math.max(0.001, (options.now.getTime() - options.startedAt.getTime()) / 1000)
  return {
    done: options.done,
    total: options.total,
    startedAt: options.startedAt.toISOString(),
    finishedAt: options.finished ? options.now.toISOString() : null,
    rowsPerSecond: Math.round(options.done / seconds),
  }
}
