import { describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { createLeads, freshNumber } from '../../../tests/support/leads'
import { queueSends } from './queue-sends.server'

describe('the number a send to a lead uses', () => {
  it('is never one known to be a landline: a lead with only a landline has no number to text, one with a mobile too is texted there', async () => {
    const org = await createOrganization({ environment: 'sandbox' })
    const [onlyLandline, landlineFirst, mobile] = [freshNumber('512'), freshNumber('512'), freshNumber('512')]
    const { leads } = await createLeads(org.id, [{ phone: onlyLandline }, { phone: landlineFirst }])
    await prisma.phoneNumber.updateMany({ where: { e164: { in: [onlyLandline, landlineFirst] } }, data: { lineType: 'landline' } })
    // The second lead's landline is listed first; its mobile second.
    const phone = await prisma.phoneNumber.create({ data: { e164: mobile, lineType: 'mobile' } })
    await prisma.identityPhone.create({ data: { identityId: leads[1]!.identityId, phoneId: phone.id, source: 'test', position: 2 } })

    const result = await queueSends({ organizationId: org.id, actor: systemActor('test', { organizationId: org.id }), purpose: 'marketing', body: 'Hello', leadIds: leads.map((l) => l.id), now: new Date(new Date().setUTCHours(19, 0, 0, 0)) })
    expect(result.blocked).toEqual([expect.objectContaining({ leadId: leads[0]!.id, reason: 'no_phone', to: null })])
    expect(result.queued).toEqual([expect.objectContaining({ leadId: leads[1]!.id, to: mobile })])
  })
})
