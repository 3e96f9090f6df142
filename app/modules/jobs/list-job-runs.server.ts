import { prisma, type Prisma } from '~/utils/db.server'
import { encodeCursor, keysetPage, keysetWindow } from '~/utils/pagination.server'
import { jobRunFiltersSchema, type JobRunFilters, type JobRunStatus } from './job-run-filters'
import { errorSummary, runAttempts, runDurationMs } from './job-run-summary.server'
import { jobRunScope, type JobRunViewer } from './job-run-viewer.server'

export type JobRunRow = {
  id: string
  functionId: string
  eventName: string
  status: JobRunStatus
  attempts: number
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  durationMs: number | null
  error: string | null
  /** Only for a viewer who sees several organizations (the super admin). */
  organization: { id: string; name: string } | null
}

export type JobRunPage = { items: JobRunRow[]; nextCursor: string | null; prevCursor: string | null }

/**
 * One page of the job runs the viewer may see, newest first, keyset-paged
 * over (created_at, id) like every long list; `after` continues to older
 * runs, `before` goes back to newer ones. No total: it would count every run.
 */
export async function listJobRuns(options: {
  viewer: JobRunViewer
  filters?: JobRunFilters
  after?: string | null
  before?: string | null
  pageSize?: number
  now?: Date
}): Promise<JobRunPage> {
  const filters = jobRunFiltersSchema.parse(options.filters ?? {})
  const pageSize = Math.min(Math.max(Math.trunc(options.pageSize ?? 50), 1), 200)
  const window = keysetWindow(options)
  const where: Prisma.JobRunWhereInput = {
    AND: [
      jobRunScope(options.viewer),
      filters.function ? { functionId: filters.function } : {},
      filters.status ? { status: filters.status } : {},
      (window.where ?? {}) as Prisma.JobRunWhereInput,
    ],
  }
  const rows = await prisma.jobRun.findMany({
    where,
    orderBy: window.orderBy,
    take: pageSize + 1,
    select: {
      id: true,
      functionId: true,
      eventName: true,
      status: true,
      attempt: true,
      createdAt: true,
      startedAt: true,
      finishedAt: true,
      error: true,
      organizationId: true,
    },
  })
  const page = keysetPage(rows, { pageSize, after: window.after, before: window.before, encode: encodeCursor })
  const ids = page.items.map((row) => row.id)
  const [stepAttempts, organizations] = await Promise.all([
    prisma.jobRunStep.groupBy({ by: ['jobRunId'], where: { jobRunId: { in: ids } }, _max: { attempts: true } }),
    options.viewer.role === 'super_admin'
      ? prisma.organization.findMany({
          where: { id: { in: [...new Set(page.items.flatMap((row) => (row.organizationId ? [row.organizationId] : [])))] } },
          select: { id: true, name: true },
        })
      : [],
  ])
  const maxStepAttempts = new Map(stepAttempts.map((s) => [s.jobRunId, s._max.attempts ?? 0]))
  const organizationNames = new Map(organizations.map((o) => [o.id, o.name]))
  const now = options.now ?? new Date()
  return {
    nextCursor: page.nextCursor,
    prevCursor: page.prevCursor,
    items: page.items.map((row) => ({
      id: row.id,
      functionId: row.functionId,
      eventName: row.eventName,
      status: row.status,
      attempts: runAttempts(row.attempt, maxStepAttempts.get(row.id) ?? 0),
      createdAt: row.createdAt.toISOString(),
      startedAt: row.startedAt?.toISOString() ?? null,
      finishedAt: row.finishedAt?.toISOString() ?? null,
      durationMs: runDurationMs(row, now),
      error: errorSummary(row.error),
      organization: row.organizationId
        ? { id: row.organizationId, name: organizationNames.get(row.organizationId) ?? row.organizationId }
        : null,
    })),
  }
}
