import { listLeadFilters, saveLeadFilter } from '~/api/leads.server'
import { leadFilter } from '~/modules/leads/lead-filter'
import { listSavedLeadFilters, saveLeadFilter as save } from '~/modules/leads/saved-lead-filters.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'
import { AppError } from '~/utils/app-error'

export const { loader, action } = apiRoute(
  handle(listLeadFilters, async ({ auth }) => ({ status: 200, body: { data: await listSavedLeadFilters(auth.organization.id) } })),
  handle(saveLeadFilter, async ({ auth, body: { data } }) => {
    const filter = leadFilter.safeParse(data.filter)
    if (!filter.success) {
      throw new AppError('invalid_filter', 'The filter does not parse.', 400, {
        fields: filter.error.issues.map((issue) => ({ path: ['filter', ...issue.path.map(String)].join('.'), message: issue.message })),
      })
    }
    const saved = await save({ organizationId: auth.organization.id, actor: auth.actor, name: data.name, filter: filter.data })
    return { status: 201, body: { leadFilter: saved } }
  }),
)
