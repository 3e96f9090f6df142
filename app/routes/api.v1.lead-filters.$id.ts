import { deleteLeadFilter } from '~/api/leads.server'
import { deleteSavedLeadFilter } from '~/modules/leads/saved-lead-filters.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(deleteLeadFilter, async ({ auth, params }) => {
    await deleteSavedLeadFilter({ organizationId: auth.organization.id, actor: auth.actor, filterId: params.id })
    return { status: 204 }
  }),
)
