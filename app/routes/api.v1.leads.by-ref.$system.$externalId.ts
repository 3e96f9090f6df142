import { getLeadByRef, upsertLeadByRef } from '~/api/lead-writes.server'
import { findEntityByExternalRef } from '~/modules/integrations/external-refs.server'
import { getLead as readLead } from '~/modules/leads/get-lead.server'
import { writeLead } from '~/modules/leads/write-lead.server'
import { AppError } from '~/utils/app-error'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(getLeadByRef, async ({ auth, params }) => {
    const ref = await findEntityByExternalRef({ organizationId: auth.organization.id, entityType: 'lead', system: params.system, externalId: params.externalId })
    if (!ref) throw new AppError('lead_not_found', 'No lead of the organization has this external id.', 404)
    return { status: 200, body: { lead: await readLead({ organizationId: auth.organization.id, leadId: ref.entityId, showNumbers: true }) } }
  }),
  handle(upsertLeadByRef, async ({ auth, params, body: { data } }) => {
    const written = await writeLead({
      organizationId: auth.organization.id,
      actor: auth.actor,
      lead: data,
      externalRef: { system: params.system, externalId: params.externalId },
      source: 'api',
    })
    const body = {
      lead: await readLead({ organizationId: auth.organization.id, leadId: written.leadId!, showNumbers: true }),
      created: written.created,
      changed: written.changed,
    }
    return written.created ? { status: 201, body, headers: { Location: `/api/v1/leads/${written.leadId}` } } : { status: 200, body }
  }),
)
