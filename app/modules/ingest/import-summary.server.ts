import type { ImportFile } from '~/generated/prisma/client.ts'
import type { Counts } from './add-counts'
import { PROGRESS_STAGES, type ProgressStage, type StageProgress } from './import-progress'

/** One stage's progress as the API and the import page show it. */
export type StageProgressView = {
  done: number
  /** Rows the stage will handle, once known (LAND knows it only at the end of the file). */
  total: number | null
  rowsPerSecond: number
  /** Seconds left at the current rate, when the total is known and the stage still runs. */
  etaSeconds: number | null
  startedAt: string
  finishedAt: string | null
}

export const IMPORT_COUNT_NAMES = [
  'rows',
  'emptyRows',
  'unreadableRows',
  'newIdentities',
  'matchedIdentities',
  'inFileDuplicates',
  'propertiesAdded',
  'phonesAdded',
  'invalidPhones',
  'emailsAdded',
  'invalidEmails',
  'leadsCreated',
  'leadsMatched',
  'leadsEnriched',
  'unmatchedRows',
  'consentEvents',
  'consentEventsAlreadyRecorded',
] as const

/** What an import counted so far (final once it is completed); a count not reached yet is 0. */
export type ImportCounts = Record<(typeof IMPORT_COUNT_NAMES)[number], number> & { errorsByType: Record<string, number> }

/** An import as `getImport` and `listImports` return it (and the API answers it). */
export type ImportSummary = {
  id: string
  status: ImportFile['status']
  class: ImportFile['class']
  filename: string
  byteSize: number
  sha256: string
  uploadId: string | null
  rerunOfId: string | null
  verticalKey: string | null
  complianceKind: string | null
  parser: { key: string; version: number | null } | null
  stage: ImportFile['stage']
  progress: Record<ProgressStage, StageProgressView | null>
  counts: ImportCounts
  error: string | null
  createdAt: string
  updatedAt: string
  finishedAt: string | null
}

/** The columns and relations a summary is made from (one query, no count over the organization). */
export const importSummarySelect = {
  vertical: { select: { key: true } },
  extractions: { orderBy: { number: 'desc' }, take: 1, select: { counts: true } },
} as const

export type ImportSummaryRow = ImportFile & { vertical: { key: string } | null; extractions: { counts: unknown }[] }

function number(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

export function importCounts(raw: Counts, rowCount: number | null): ImportCounts {
  const counts = Object.fromEntries(IMPORT_COUNT_NAMES.map((name) => [name, number(raw[name])])) as Omit<ImportCounts, 'errorsByType'>
  const byType = typeof raw.errorsByType === 'object' && raw.errorsByType ? raw.errorsByType : {}
  const errorsByType = Object.fromEntries(Object.entries(byType).map(([kind, count]) => [kind, number(count)]))
  return { ...counts, rows: rowCount ?? counts.rows, errorsByType }
}

function stageView(stage: Partial<StageProgress> | undefined, now: Date): StageProgressView | null {
  if (!stage || typeof stage.startedAt !== 'string') return null
  const done = number(stage.done)
  const total = typeof stage.total === 'number' ? stage.total : null
  const finishedAt = typeof stage.finishedAt === 'string' ? stage.finishedAt : null
  // A stage that did not record its rate (LAND keeps only rows and times): rows over the time it took so far.
  const seconds = ((finishedAt ? new Date(finishedAt) : now).getTime() - new Date(stage.startedAt).getTime()) / 1000
  const rowsPerSecond = typeof stage.rowsPerSecond === 'number' ? stage.rowsPerSecond : seconds > 0 ? Math.round(done / seconds) : 0
  const left = total === null ? null : Math.max(0, total - done)
  const etaSeconds = finishedAt === null && left !== null && rowsPerSecond > 0 ? Math.ceil(left / rowsPerSecond) : null
  return { done, total, rowsPerSecond, etaSeconds, startedAt: stage.startedAt, finishedAt }
}

/**
 * The summary of one import row. Counts are the import's own once it is
 * completed; before that, the running totals of its latest extraction.
 */
export function importSummary(row: ImportSummaryRow, now = new Date()): ImportSummary {
  const progress = (row.progress ?? {}) as Partial<Record<ProgressStage, Partial<StageProgress>>>
  const raw = (row.status === 'completed' ? row.counts : (row.extractions[0]?.counts ?? row.counts)) as Counts
  return {
    id: row.id,
    status: row.status,
    class: row.class,
    filename: row.filename,
    byteSize: Number(row.byteSize),
    sha256: row.sha256,
    uploadId: row.uploadId,
    rerunOfId: row.rerunOfId,
    verticalKey: row.vertical?.key ?? null,
    complianceKind: row.complianceKind,
    parser: row.parserKey ? { key: row.parserKey, version: row.parserVersion } : null,
    stage: row.stage,
    progress: Object.fromEntries(PROGRESS_STAGES.map((stage) => [stage, stageView(progress[stage], now)])) as ImportSummary['progress'],
    counts: importCounts(raw ?? {}, row.rowCount),
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  }
}
