import { updateLead } from '~/api/lead-writes.server'
import { getLead } from '~/api/leads.server'
import { getLead as readLead } from '~/modules/leads/get-lead.server'
import { updateLead as update } from '~/modules/leads/update-lead.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getLead, async ({ auth, params }) => ({
    status: 200,
    body: { lead: await readLead({ organizationId: auth.organization.id, leadId: params.id, showNumbers: true }) },
  })),
  handle(updateLead, async ({ auth, params, body: { data } }) => {
    const result = await update({ organizationId: auth.organization.id, actor: auth.actor, leadId: params.id, patch: data, source: 'api' })
    return { status: 200, body: { lead: await readLead({ organizationId: auth.organization.id, leadId: result.leadId, showNumbers: true }), changed: result.changed } }
  }),
)
