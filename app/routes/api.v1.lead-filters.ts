import { listLeadFilters, saveLeadFilter } from '~/api/leads.server'
import { parseApiLeadFilter } from '~/modules/leads/parse-api-lead-filter'
import { listSavedLeadFilters, saveLeadFilter as save } from '~/modules/leads/saved-lead-filters.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(listLeadFilters, async ({ auth }) => ({ status: 200, body: { data: await listSavedLeadFilters(auth.organization.id) } })),
  handle(saveLeadFilter, async ({ auth, body: { data } }) => {
    const filter = parseApiLeadFilter(data.filter, 'filter')
    const saved = await save({ organizationId: auth.organization.id, actor: auth.actor, name: data.name, filter })
    return { status: 201, body: { leadFilter: saved } }
  }),
)
