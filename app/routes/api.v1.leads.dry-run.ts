import { dryRunLeads } from '~/api/leads.server'
import { dryRunAudience } from '~/modules/leads/dry-run-audience.server'
import { parseApiLeadFilter } from '~/modules/leads/parse-api-lead-filter'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(dryRunLeads, async ({ auth, body: { data } }) => {
    const filter = parseApiLeadFilter(data.filter, 'filter')
    const run = await dryRunAudience({ organizationId: auth.organization.id, filter, ...(data.at ? { at: new Date(data.at) } : {}) })
    return { status: 200, body: run }
  }),
)
