import { searchLeads } from '~/api/leads.server'
import { leadFilter } from '~/modules/leads/lead-filter'
import { listLeads } from '~/modules/leads/list-leads.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'
import { AppError } from '~/utils/app-error'

export const { loader, action } = apiRoute(
  handle(searchLeads, async ({ auth, query }) => {
    const { limit, cursor, ...conditions } = query
    const filter = leadFilter.safeParse(conditions)
    if (!filter.success) {
      throw new AppError('invalid_filter', 'A filter does not parse.', 400, {
        fields: filter.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
      })
    }
    const page = await listLeads({ organizationId: auth.organization.id, pageSize: limit, after: cursor ?? null, filter: filter.data, showFullPhoneNumbers: true })
    return { status: 200, body: { data: page.items, nextCursor: page.nextCursor, total: page.total } }
  }),
)
