import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { Prisma } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'
import { prisma } from '~/utils/db.server'
import { isEmptyLeadFilter, leadFilter, leadFilterParams, type LeadFilter } from './lead-filter'

export const SAVED_FILTER_NAME_MAX = 80
/** Enough for every view an organization keeps; the list is shown whole. */
export const MAX_SAVED_FILTERS = 200

/** `filter` and `query` are null when what was saved no longer parses: such a filter is never applied as "every lead". */
export type SavedLeadFilterView = { id: string; name: string; filter: LeadFilter | null; query: string | null; createdBy: string; createdAt: string }

function view(row: { id: string; name: string; filter: Prisma.JsonValue; createdByLabel: string; createdAt: Date }): SavedLeadFilterView {
  const parsed = leadFilter.safeParse(row.filter)
  const filter = parsed.success && !isEmptyLeadFilter(parsed.data) ? parsed.data : null
  return { id: row.id, name: row.name, filter, query: filter ? leadFilterParams(filter).toString() : null, createdBy: row.createdByLabel, createdAt: row.createdAt.toISOString() }
}

/** The organization's saved filters, by name. */
export async function listSavedLeadFilters(organizationId: string): Promise<SavedLeadFilterView[]> {
  const rows = await prisma.savedLeadFilter.findMany({ where: { organizationId }, orderBy: { name: 'asc' }, take: MAX_SAVED_FILTERS })
  return rows.map(view)
}

/** Keeps a filter under a name for the whole organization, audited. An empty filter or a taken name is refused. */
export async function saveLeadFilter(options: { organizationId: string; actor: Actor; name: string; filter: LeadFilter }): Promise<SavedLeadFilterView> {
  const name = options.name.trim()
  if (!name || name.length > SAVED_FILTER_NAME_MAX) {
    throw new AppError('invalid_name', `Name the filter in 1–${SAVED_FILTER_NAME_MAX} characters.`, 422, { field: 'name' })
  }
  if (isEmptyLeadFilter(options.filter)) throw new AppError('empty_filter', 'Set at least one filter before saving it.', 422, { field: 'filter' })
  if ((await prisma.savedLeadFilter.count({ where: { organizationId: options.organizationId } })) >= MAX_SAVED_FILTERS) {
    throw new AppError('too_many_filters', `An organization keeps at most ${MAX_SAVED_FILTERS} saved filters; delete one first.`, 422)
  }
  try {
    return await withAudit({ actor: options.actor, action: 'lead_filter.saved', organizationId: options.organizationId }, async (tx) => {
      const row = await tx.savedLeadFilter.create({
        data: { organizationId: options.organizationId, name, filter: options.filter as Prisma.InputJsonValue, createdByLabel: options.actor.label },
      })
      return { result: view(row), target: { type: 'lead_filter', id: row.id }, summary: { name, filter: options.filter } }
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('filter_name_taken', `A saved filter is already named “${name}”.`, 409, { field: 'name' })
    }
    throw error
  }
}

/** Deletes a saved filter, audited with what it was. */
export async function deleteSavedLeadFilter(options: { organizationId: string; actor: Actor; filterId: string }): Promise<void> {
  await withAudit({ actor: options.actor, action: 'lead_filter.deleted', organizationId: options.organizationId, target: { type: 'lead_filter', id: options.filterId } }, async (tx) => {
    const [row] = await tx.savedLeadFilter.findMany({ where: { id: options.filterId, organizationId: options.organizationId } })
    if (!row) throw new AppError('lead_filter_not_found', 'No such saved filter in the organization.', 404)
    await tx.savedLeadFilter.delete({ where: { id: row.id } })
    return { result: undefined, summary: { name: row.name, filter: row.filter } }
  })
}
