import { describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { createLeads, freshNumber } from '../../../tests/support/leads'
import { dryRunAudience } from './dry-run-audience.server'
import { leadFilter } from './lead-filter'

const AT = (() => {
  const at = new Date()
  at.setUTCHours(19, 0, 0, 0)
  return at
})()

describe('dryRunAudience', () => {
  it('counts who a marketing send would reach and who it would block, by reason, across batches — and changes nothing', async () => {
    const org = await createOrganization()
    const actor = systemActor('test', { organizationId: org.id })
    const [clear, optedOut, listed, unchecked, shared] = Array.from({ length: 5 }, () => freshNumber('512'))
    const { leads } = await createLeads(org.id, [{ phone: clear! }, { phone: optedOut! }, { phone: listed! }, { phone: unchecked! }, { phone: null }, { phone: shared! }, { phone: shared! }])
    await prisma.lead.updateMany({ where: { id: { in: leads.map((l) => l.id) } }, data: { tags: ['campaign'] } })
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: optedOut!, source: 'test', evidence: {} })
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'dnc_listed', phone: listed!, source: 'test', evidence: { reason: 'asked' } })
    // The registry answered for these within 31 days; `unchecked` has no answer yet.
    await prisma.dncCheck.createMany({ data: [clear!, optedOut!, listed!, shared!].map((e164) => ({ e164, listed: false, provider: 'test', checkedAt: new Date() })), skipDuplicates: true })

    // One number that may send 50 a day, under an account that may send 30 more today: 30 go today.
    const account = await prisma.carrierAccount.create({ data: { organizationId: org.id, kind: 'simulated', name: 'Simulated', dailyCap: 30 } })
    await prisma.senderNumber.create({ data: { organizationId: org.id, carrierAccountId: account.id, e164: freshNumber('512'), areaCode: '512', state: 'TX', dailyCap: 50 } })

    const before = await Promise.all([prisma.sendQueueItem.count(), prisma.dncCheck.count(), prisma.consentEvent.count({ where: { organizationId: org.id } }), prisma.auditLog.count({ where: { organizationId: org.id } })])
    const run = await dryRunAudience({ organizationId: org.id, filter: leadFilter.parse({ tag: 'campaign' }), at: AT, batchSize: 3 })
    expect(run).toMatchObject({ at: AT.toISOString(), audience: 7, allowed: 2, registryCheckAtLaunch: 1, senderCapacityToday: 30 })
    expect(Object.fromEntries(run.blocked.map((b) => [b.reason, b.count]))).toEqual({ opted_out: 1, dnc_listed: 1, no_phone: 1, duplicate_in_batch: 1 })
    expect(run.blocked.find((b) => b.reason === 'opted_out')?.message).toMatch(/opted out/i)
    const after = await Promise.all([prisma.sendQueueItem.count(), prisma.dncCheck.count(), prisma.consentEvent.count({ where: { organizationId: org.id } }), prisma.auditLog.count({ where: { organizationId: org.id } })])
    expect(after).toEqual(before)

    // At 3:00 in Texas, quiet hours hold everyone the rest allowed.
    const night = new Date(AT)
    night.setUTCHours(9, 0, 0, 0)
    const late = await dryRunAudience({ organizationId: org.id, filter: leadFilter.parse({ tag: 'campaign' }), at: night })
    // Numbers the registry has yet to clear are held by quiet hours too: the dry run decides them on every other rule.
    expect(late).toMatchObject({ allowed: 0, registryCheckAtLaunch: 0 })
    expect(late.blocked.find((b) => b.reason === 'quiet_hours')?.count).toBe(3)
  })
})
