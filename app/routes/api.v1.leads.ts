import { createLead } from '~/api/lead-writes.server'
import { searchLeads } from '~/api/leads.server'
import { getLead as readLead } from '~/modules/leads/get-lead.server'
import { listLeads } from '~/modules/leads/list-leads.server'
import { parseApiLeadFilter } from '~/modules/leads/parse-api-lead-filter'
import { writeLead } from '~/modules/leads/write-lead.server'
import { apiRoute } from '~/utils/api/api-route.server'
import { handle } from '~/utils/api/operation.server'

export const { loader, action } = apiRoute(
  handle(searchLeads, async ({ auth, query }) => {
    const { limit, cursor, ...conditions } = query
    const filter = parseApiLeadFilter(conditions)
    const page = await listLeads({ organizationId: auth.organization.id, pageSize: limit, after: cursor ?? null, filter, showFullPhoneNumbers: true })
    return { status: 200, body: { data: page.items, nextCursor: page.nextCursor, total: page.total } }
  }),
  handle(createLead, async ({ auth, body: { data } }) => {
    const { externalRef, ...lead } = data
    const written = await writeLead({ organizationId: auth.organization.id, actor: auth.actor, lead, externalRef, source: 'api' })
    const body = {
      lead: await readLead({ organizationId: auth.organization.id, leadId: written.leadId!, showNumbers: true }),
      created: written.created,
      changed: written.changed,
    }
    return written.created
      ? { status: 201, body, headers: { Location: `/api/v1/leads/${written.leadId}` } }
      : { status: 200, body }
  }),
)
