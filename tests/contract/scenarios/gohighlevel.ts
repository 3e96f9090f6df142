import { randomUUID } from 'node:crypto'
import { systemActor } from '~/modules/audit/actor'
import { saveGoHighLevelSettings } from '~/modules/integrations/gohighlevel/save-gohighlevel-settings.server'
import { createLeads, freshNumber } from '../../support/leads'
import { defineScenario, type ScenarioContext } from '../scenario'

/**
 * A lead of the organization and a GoHighLevel connection (settings have no
 * API: an administrator saves them in the app). No job runs here, so nothing
 * calls GHL; the push stays queued.
 */
async function connectedLead({ organizationId }: ScenarioContext) {
  await saveGoHighLevelSettings({
    organizationId,
    actor: systemActor('contract test', { organizationId }),
    input: { token: `pit-${randomUUID()}`, locationId: 'contractLocation01', tags: [], enabled: true, pushOnPositiveReply: false },
  })
  const { leads } = await createLeads(organizationId, [{ phone: freshNumber('512') }])
  return { leadId: leads[0]!.id }
}

export const goHighLevelScenarios = [
  defineScenario({
    operationId: 'pushLeadToGoHighLevel',
    setup: connectedLead,
    success: (client, { leadId }) => client.POST('/api/v1/leads/{id}/push/gohighlevel', { params: { path: { id: leadId } } }),
    error: {
      status: 404,
      code: 'lead_not_found',
      call: (client) => client.POST('/api/v1/leads/{id}/push/gohighlevel', { params: { path: { id: randomUUID() } } }),
    },
    foreign: { code: 'lead_not_found' },
    audits: 'gohighlevel.push_requested',
  }),
]
