import { getLead } from '~/api/leads.server'
import { getLead as readLead } from '~/modules/leads/get-lead.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getLead, async ({ auth, params }) => ({
    status: 200,
    body: { lead: await readLead({ organizationId: auth.organization.id, leadId: params.id, showNumbers: true }) },
  })),
)
