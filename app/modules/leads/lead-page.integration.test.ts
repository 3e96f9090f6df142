import { describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { decideSends } from '~/modules/compliance/decide-sends.server'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { createLeads, freshNumber } from '../../../tests/support/leads'
import { addLeadPhoneToDnc } from './add-lead-phone-to-dnc.server'
import { getLead } from './get-lead.server'
import { removeLeadPhoneFromDnc } from './remove-lead-phone-from-dnc.server'

/** A registry that lists nothing: only our own records decide. */
const noRegistry = { name: 'none', batchSize: 10, lookup: async (numbers: string[]) => numbers.map((e164) => ({ e164, listed: false, response: {} })) }
/** Wednesday 2026-11-25, 18:00 UTC: noon in Austin, inside every window. */
const MIDDAY = new Date('2026-11-25T18:00:00Z')

async function leadWithTwoPhones() {
  const org = await createOrganization({ environment: 'sandbox' })
  const actor = systemActor('test', { organizationId: org.id })
  const [first, second] = [freshNumber('512'), freshNumber('737')]
  const { leads } = await createLeads(org.id, [{ phone: first }])
  const lead = leads[0]!
  const file = await prisma.importFile.create({
    data: { organizationId: org.id, filename: 'county-owners.csv', byteSize: 10n, sha256: 'd'.repeat(64), storage: 'local', storageKey: 'x', class: 'universe', header: [], status: 'completed' },
  })
  const phone = await prisma.phoneNumber.create({ data: { e164: second, lineType: 'mobile' } })
  await prisma.identityPhone.create({ data: { identityId: lead.identityId, phoneId: phone.id, source: 'import:property-export@1', position: 2, importFileId: file.id, rowNo: 42, sourceColumn: 'Phone 2' } })
  await prisma.leadEvent.create({ data: { organizationId: org.id, leadId: lead.id, kind: 'created', importFileId: file.id, rowNo: 42 } })
  return { org, actor, lead, first, second, file }
}

describe('the lead page', () => {
  it('shows every phone with its provenance and where it stands with the gate, the events with their file, masked unless the viewer may see numbers', async () => {
    const { org, actor, lead, first, second, file } = await leadWithTwoPhones()
    await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: first, source: 'test', evidence: {} })
    const shown = await getLead({ organizationId: org.id, leadId: lead.id, showNumbers: true })
    expect(shown.phones.map((p) => [p.number, p.marketing.allowed, p.marketing.reason])).toEqual([
      [first, false, 'opted_out'],
      [second, true, null],
    ])
    expect(shown.phones[1]).toMatchObject({ source: 'import:property-export@1', importFilename: 'county-owners.csv', rowNo: 42, sourceColumn: 'Phone 2' })
    expect(shown.events).toEqual([expect.objectContaining({ kind: 'created', importFileId: file.id, importFilename: 'county-owners.csv', rowNo: 42 })])
    const masked = await getLead({ organizationId: org.id, leadId: lead.id, showNumbers: false })
    expect(masked.phones.map((p) => p.number)).toEqual([`+1 (512) ***-${first.slice(-4)}`, `+1 (737) ***-${second.slice(-4)}`])
    expect(JSON.stringify(masked)).not.toContain(second)

    const other = await createOrganization()
    await expect(getLead({ organizationId: other.id, leadId: lead.id, showNumbers: true })).rejects.toMatchObject({ code: 'lead_not_found', status: 404 })
  })

  it('puts a phone on the internal do-not-call list with a reason, audited, and the gate then blocks it for marketing only', async () => {
    const { org, actor, lead, second } = await leadWithTwoPhones()
    const phone = await prisma.phoneNumber.findUniqueOrThrow({ where: { e164: second } })
    await expect(addLeadPhoneToDnc({ organizationId: org.id, actor, leadId: lead.id, phoneId: phone.id, reason: 'no' })).rejects.toMatchObject({ code: 'reason_required' })
    const event = await addLeadPhoneToDnc({ organizationId: org.id, actor, leadId: lead.id, phoneId: phone.id, reason: 'Asked by phone not to be texted' })
    expect(event).toMatchObject({ kind: 'dnc_listed', scope: 'organization', source: 'operator' })
    const stored = await prisma.consentEvent.findFirstOrThrow({ where: { organizationId: org.id, e164: second } })
    expect(stored.evidence).toEqual({ reason: 'Asked by phone not to be texted', leadId: lead.id })
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'consent.recorded' } })).toBe(1)

    const [marketing] = await decideSends({ organizationId: org.id, purpose: 'marketing', recipients: [{ to: second }], dncProvider: { name: 'none', batchSize: 10, lookup: async (numbers) => numbers.map((e164) => ({ e164, listed: false, response: {} })) } })
    expect(marketing).toMatchObject({ allowed: false, reason: 'dnc_listed' })
    expect((await getLead({ organizationId: org.id, leadId: lead.id, showNumbers: true })).phones[1]!.marketing.reason).toBe('dnc_listed')
  })

  it('refuses a phone that is not the lead’s, and a lead of another organization, recording nothing', async () => {
    const { org, actor, lead } = await leadWithTwoPhones()
    const stranger = await prisma.phoneNumber.create({ data: { e164: freshNumber('512') } })
    await expect(addLeadPhoneToDnc({ organizationId: org.id, actor, leadId: lead.id, phoneId: stranger.id, reason: 'Not theirs at all' })).rejects.toMatchObject({ code: 'phone_not_found', status: 404 })
    const other = await createOrganization()
    const theirs = await prisma.identityPhone.findFirstOrThrow({ where: { identityId: lead.identityId } })
    await expect(
      addLeadPhoneToDnc({ organizationId: other.id, actor: systemActor('test', { organizationId: other.id }), leadId: lead.id, phoneId: theirs.phoneId, reason: 'Another organization' }),
    ).rejects.toMatchObject({ code: 'phone_not_found' })
    expect(await prisma.consentEvent.count({ where: { organizationId: { in: [org.id, other.id] } } })).toBe(0)
  })

  describe('removing a phone from the internal do-not-call list', () => {
    async function listed() {
      const setting = await leadWithTwoPhones()
      const phone = await prisma.phoneNumber.findUniqueOrThrow({ where: { e164: setting.second } })
      await addLeadPhoneToDnc({ organizationId: setting.org.id, actor: setting.actor, leadId: setting.lead.id, phoneId: phone.id, reason: 'Asked by phone not to be texted' })
      const change = (fn: typeof addLeadPhoneToDnc, reason = 'Listed by mistake, wants texts') =>
        fn({ organizationId: setting.org.id, actor: setting.actor, leadId: setting.lead.id, phoneId: phone.id, reason })
      const gate = async () =>
        (await decideSends({ organizationId: setting.org.id, purpose: 'marketing', recipients: [{ to: setting.second }], now: MIDDAY, dncProvider: noRegistry }))[0]!
      const shown = async () => (await getLead({ organizationId: setting.org.id, leadId: setting.lead.id, showNumbers: true })).phones[1]!
      return { ...setting, phone, change, gate, shown }
    }

    it('lets the gate allow the number again when the listing was the only reason, with a reason, audited', async () => {
      const { org, lead, second, change, gate, shown } = await listed()
      expect(await gate()).toMatchObject({ allowed: false, reason: 'dnc_listed' })
      expect(await shown()).toMatchObject({ dncListed: true, consent: ['dnc_listed'] })

      await expect(change(removeLeadPhoneFromDnc, 'no')).rejects.toMatchObject({ code: 'reason_required' })
      const event = await change(removeLeadPhoneFromDnc)
      expect(event).toMatchObject({ kind: 'dnc_delisted', scope: 'organization', source: 'operator', e164: second })
      expect(event.evidence).toEqual({ reason: 'Listed by mistake, wants texts', leadId: lead.id })
      expect(await gate()).toEqual({ to: second, allowed: true })
      expect(await shown()).toMatchObject({ dncListed: false, consent: ['clear'], marketing: { allowed: true } })

      // Audited like the listing: one consent.recorded row each, naming its event.
      const audit = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: 'consent.recorded' }, orderBy: { id: 'asc' } })
      expect(audit).toHaveLength(2)
      expect(audit[1]).toMatchObject({ targetType: 'consent_event', targetId: event.id, summary: expect.objectContaining({ kind: 'dnc_delisted', scope: 'organization', e164: second, source: 'operator' }) })

      // Nothing left to lift: refused, nothing recorded.
      await expect(change(removeLeadPhoneFromDnc)).rejects.toMatchObject({ code: 'not_dnc_listed', status: 409 })
      expect(await prisma.consentEvent.count({ where: { organizationId: org.id } })).toBe(2)
      expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'consent.recorded' } })).toBe(2)
    })

    it('does not unblock a number that opted out, complained or is a known litigator', async () => {
      const { org, actor, second, change, gate, shown } = await listed()
      await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'opt_out', phone: second, source: 'test', evidence: {} })
      await change(removeLeadPhoneFromDnc)
      expect(await gate()).toMatchObject({ allowed: false, reason: 'opted_out' })
      expect((await decideSends({ organizationId: org.id, purpose: 'reply', recipients: [{ to: second }], now: MIDDAY }))[0]).toMatchObject({ allowed: false, reason: 'opted_out' })
      expect(await shown()).toMatchObject({ dncListed: false, consent: ['opted_out'] })

      // Delisting again, through the consent record directly, changes nothing either; nor does it lift a complaint or a litigator listing.
      await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'complaint', phone: second, source: 'test', evidence: {} })
      await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'litigator_listed', phone: second, source: 'test', evidence: {} })
      await recordConsentEvent({ actor, organizationId: org.id, scope: 'organization', kind: 'dnc_delisted', phone: second, source: 'test', evidence: { note: 'removed by the test' } })
      expect(await gate()).toMatchObject({ allowed: false, reason: 'litigator_listed' })
      expect((await shown()).consent).toEqual(['complaint', 'litigator_listed'])
    })

    it('blocks again when the number is listed after its removal, and the page offers each action in turn', async () => {
      const { change, gate, shown } = await listed()
      await change(removeLeadPhoneFromDnc)
      expect(await gate()).toMatchObject({ allowed: true })
      await change(addLeadPhoneToDnc, 'Asked again not to be texted')
      expect(await gate()).toMatchObject({ allowed: false, reason: 'dnc_listed' })
      expect(await shown()).toMatchObject({ dncListed: true, consent: ['dnc_listed'] })
      await change(removeLeadPhoneFromDnc, 'Second mistake, confirmed')
      expect(await gate()).toMatchObject({ allowed: true })
    })

    it('does not lift the platform’s listing, and refuses a phone that is not the lead’s', async () => {
      const { org, actor, lead, second, change, gate, shown } = await listed()
      await recordConsentEvent({ actor, organizationId: org.id, scope: 'platform', kind: 'dnc_listed', phone: second, source: 'test', evidence: {} })
      await change(removeLeadPhoneFromDnc)
      expect(await gate()).toMatchObject({ allowed: false, reason: 'dnc_listed' })
      // Not on our list any more (nothing for an operator to remove), still on a list.
      expect(await shown()).toMatchObject({ dncListed: false, consent: ['dnc_listed'] })
      await expect(change(removeLeadPhoneFromDnc)).rejects.toMatchObject({ code: 'not_dnc_listed' })

      const stranger = await prisma.phoneNumber.create({ data: { e164: freshNumber('512') } })
      await expect(removeLeadPhoneFromDnc({ organizationId: org.id, actor, leadId: lead.id, phoneId: stranger.id, reason: 'Not theirs at all' })).rejects.toMatchObject({
        code: 'phone_not_found',
        status: 404,
      })
    })
  })
})
