import { dryRunLeads } from '~/api/leads.server'
import { dryRunAudience } from '~/modules/leads/dry-run-audience.server'
import { leadFilter } from '~/modules/leads/lead-filter'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'
import { AppError } from '~/utils/app-error'

export const { loader, action } = apiRoute(
  handle(dryRunLeads, async ({ auth, body: { data } }) => {
    const filter = leadFilter.safeParse(data.filter)
    if (!filter.success) {
      throw new AppError('invalid_filter', 'The filter does not parse.', 400, {
        fields: filter.error.issues.map((issue) => ({ path: ['filter', ...issue.path.map(String)].join('.'), message: issue.message })),
      })
    }
    const run = await dryRunAudience({ organizationId: auth.organization.id, filter: filter.data, ...(data.at ? { at: new Date(data.at) } : {}) })
    return { status: 200, body: run }
  }),
)
