import { prisma } from '~/utils/db.server'
import { AppError } from '~/utils/app-error'
import { decodeCursor, encodeCursor, keysetPage, keysetWindow } from '~/utils/pagination.server'
import { templateSummary, type TemplateSummary } from './template-summary.server'

/**
 * One page of the organization's templates, newest first, on the keyset
 * (created_at, id); archived ones only when asked for. Pass `nextCursor`
 * back as `cursor` until it is null.
 */
export async function listTemplates(options: { organizationId: string; limit: number; cursor?: string | null; archived?: boolean }): Promise<{
  data: TemplateSummary[]
  nextCursor: string | null
}> {
  if (options.cursor && !decodeCursor(options.cursor)) throw new AppError('invalid_cursor', 'This cursor is not one we gave out: pass a nextCursor back unchanged.', 400)
  const window = keysetWindow({ after: options.cursor ?? null })
  const organization = await prisma.organization.findUniqueOrThrow({ where: { id: options.organizationId }, select: { name: true } })
  const rows = await prisma.messageTemplate.findMany({
    where: { organizationId: options.organizationId, archivedAt: options.archived ? { not: null } : null, ...window.where },
    orderBy: window.orderBy,
    take: options.limit + 1,
    include: { media: true },
  })
  const page = keysetPage(rows, { pageSize: options.limit, after: window.after, before: null, encode: encodeCursor })
  return { data: page.items.map((row) => templateSummary(row, organization.name)), nextCursor: page.nextCursor }
}
