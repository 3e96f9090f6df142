import { searchLeads } from '~/api/leads.server'
import { listLeads } from '~/modules/leads/list-leads.server'
import { parseApiLeadFilter } from '~/modules/leads/parse-api-lead-filter'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(searchLeads, async ({ auth, query }) => {
    const { limit, cursor, ...conditions } = query
    const filter = parseApiLeadFilter(conditions)
    const page = await listLeads({ organizationId: auth.organization.id, pageSize: limit, after: cursor ?? null, filter, showFullPhoneNumbers: true })
    return { status: 200, body: { data: page.items, nextCursor: page.nextCursor, total: page.total } }
  }),
)
