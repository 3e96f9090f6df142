import { prisma } from '~/utils/db.server'

/** How long an import may wait `queued` before its request event is sent again. */
export const STRANDED_IMPORT_AFTER_MS = 10 * 60 * 1000

/**
 * Imports committed as `queued` (created, resumed, re-extraction asked for)
 * whose `import/requested` event never led to a run: the process died or the
 * send failed between the commit and the event. A run sets `running` first
 * thing, so a queued import this old has none. Oldest first, a bounded batch.
 */
export async function findStrandedImports(options: { now: Date; limit?: number }) {
  return prisma.importFile.findMany({
    where: { status: 'queued', updatedAt: { lt: new Date(options.now.getTime() - STRANDED_IMPORT_AFTER_MS) } },
    select: { id: true, organizationId: true, updatedAt: true },
    orderBy: { updatedAt: 'asc' },
    take: options.limit ?? 500,
  })
}
