import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { recordConsentEvent } from '~/modules/compliance/record-consent-event.server'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { freshNumber } from '../../../tests/support/leads'
import { getLead } from './get-lead.server'
import { leadFilter } from './lead-filter'
import { listLeads } from './list-leads.server'

type Person = {
  name: string
  line1: string
  city: string
  state: string
  zip: string
  status?: 'new' | 'contacted' | 'replied' | 'qualified' | 'closed'
  tags?: string[]
  phone?: 'mobile' | 'landline' | null
  yearBuilt?: number
}

/** Leads of one organization as imports leave them: identity, property, phone; the first is the oldest. */
async function universe(people: Person[]) {
  const org = await createOrganization()
  const vertical = await prisma.vertical.create({ data: { organizationId: org.id, key: 'seller', name: 'Sellers' } })
  const ids: Record<string, string> = {}
  for (const [i, person] of people.entries()) {
    const tag = randomUUID()
    const property = await prisma.property.create({
      data: { organizationId: org.id, propertyHash: tag, line1: person.line1, city: person.city, state: person.state, postalCode: person.zip, yearBuilt: person.yearBuilt ?? null },
    })
    const identity = await prisma.identity.create({ data: { organizationId: org.id, identityHash: tag, fullName: person.name } })
    if (person.phone !== null) {
      const phone = await prisma.phoneNumber.create({ data: { e164: freshNumber('512'), lineType: person.phone ?? 'mobile' } })
      await prisma.identityPhone.create({ data: { identityId: identity.id, phoneId: phone.id, source: 'test' } })
    }
    const lead = await prisma.lead.create({
      data: {
        organizationId: org.id, identityId: identity.id, verticalId: vertical.id, propertyId: property.id,
        status: person.status ?? 'new', tags: person.tags ?? [], createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      },
    })
    ids[person.name] = lead.id
  }
  return { org, ids }
}

const names = async (organizationId: string, query: Record<string, string>, pageSize = 50) =>
  (await listLeads({ organizationId, pageSize, filter: leadFilter.parse(query) })).items.map((i) => i.name)

describe('lead filters', () => {
  it('find leads by fuzzy name or street, status, place, tag, phone and year built — newest first, every condition together', async () => {
    const { org } = await universe([
      { name: 'Jonathan Smith', line1: '12 Oak St', city: 'Austin', state: 'TX', zip: '78701', status: 'new', tags: ['absentee'], yearBuilt: 1965 },
      { name: 'Maria Garcia', line1: '400 Congress Ave', city: 'Austin', state: 'TX', zip: '78701', status: 'replied', phone: 'landline', yearBuilt: 2001 },
      { name: 'Dana Reyes', line1: '7 Peachtree Rd', city: 'Atlanta', state: 'GA', zip: '30303', status: 'new', tags: ['absentee', 'probate'] },
      { name: 'Robert Oakley', line1: '9 Elm St', city: 'Round Rock', state: 'TX', zip: '78664', status: 'contacted', phone: null },
    ])
    expect(await names(org.id, {})).toEqual(['Robert Oakley', 'Dana Reyes', 'Maria Garcia', 'Jonathan Smith'])
    // Typos still find the owner and the street.
    expect(await names(org.id, { q: 'jon smith' })).toEqual(['Jonathan Smith'])
    expect(await names(org.id, { q: 'mria garcia' })).toEqual(['Maria Garcia'])
    expect(await names(org.id, { q: 'Peachtre' })).toEqual(['Dana Reyes'])
    expect(await names(org.id, { q: 'zzzz qqqq' })).toEqual([])
    expect(await names(org.id, { status: 'new' })).toEqual(['Dana Reyes', 'Jonathan Smith'])
    expect(await names(org.id, { status: 'new,contacted' })).toEqual(['Robert Oakley', 'Dana Reyes', 'Jonathan Smith'])
    expect(await names(org.id, { state: 'tx' })).toEqual(['Robert Oakley', 'Maria Garcia', 'Jonathan Smith'])
    expect(await names(org.id, { city: 'round rock' })).toEqual(['Robert Oakley'])
    expect(await names(org.id, { zip: '78701' })).toEqual(['Maria Garcia', 'Jonathan Smith'])
    expect(await names(org.id, { tag: 'absentee' })).toEqual(['Dana Reyes', 'Jonathan Smith'])
    expect(await names(org.id, { hasMobile: 'true' })).toEqual(['Dana Reyes', 'Jonathan Smith'])
    expect(await names(org.id, { hasMobile: 'false' })).toEqual(['Robert Oakley', 'Maria Garcia'])
    expect(await names(org.id, { yearBuiltMin: '1960', yearBuiltMax: '1990' })).toEqual(['Jonathan Smith'])
    expect(await names(org.id, { zip: '78701', tag: 'absentee', status: 'new' })).toEqual(['Jonathan Smith'])
    expect((await listLeads({ organizationId: org.id, pageSize: 50, filter: leadFilter.parse({ tag: 'absentee' }) })).total).toEqual({ kind: 'exact', count: 2 })

    // When a lead was last texted, by any of its numbers, for any vertical.
    const vertical = await prisma.vertical.findFirstOrThrow({ where: { organizationId: org.id } })
    const texted = async (name: string, daysAgo: number) => {
      const lead = await prisma.lead.findFirstOrThrow({ where: { organizationId: org.id, identity: { fullName: name } }, include: { identity: { include: { phones: { include: { phone: true } } } } } })
      const sentAt = new Date(Date.now() - daysAgo * 86_400_000)
      await prisma.fromToHistory.create({
        data: { organizationId: org.id, toE164: lead.identity.phones[0]!.phone.e164, verticalId: vertical.id, fromE164: '+15125550100', firstSentAt: sentAt, lastSentAt: sentAt },
      })
    }
    await texted('Jonathan Smith', 3)
    await texted('Dana Reyes', 200)
    expect(await names(org.id, { contactedWithinDays: '7' })).toEqual(['Jonathan Smith'])
    expect(await names(org.id, { contactedWithinDays: '365' })).toEqual(['Dana Reyes', 'Jonathan Smith'])
    expect(await names(org.id, { notContactedForDays: '90' })).toEqual(['Robert Oakley', 'Dana Reyes', 'Maria Garcia'])
  })

  it('keeps the filter across pages, without gaps or repeats, and never shows another organization’s leads', async () => {
    const people: Person[] = Array.from({ length: 7 }, (_, i) => ({ name: `Owner ${i}`, line1: `${i} Main St`, city: 'Austin', state: 'TX', zip: i % 2 ? '78701' : '78702' }))
    const { org } = await universe(people)
    const other = await universe([{ name: 'Owner 99', line1: '1 Main St', city: 'Austin', state: 'TX', zip: '78701' }])
    const filter = leadFilter.parse({ zip: '78701' })
    const first = await listLeads({ organizationId: org.id, pageSize: 2, filter })
    const second = await listLeads({ organizationId: org.id, pageSize: 2, filter, after: first.nextCursor })
    expect([...first.items, ...second.items].map((i) => i.name)).toEqual(['Owner 5', 'Owner 3', 'Owner 1'])
    expect(second.nextCursor).toBeNull()
    expect(await names(other.org.id, { q: 'Owner' })).toEqual(['Owner 99'])
  })

  it('find leads by what is recorded in force for their send number, as the lead page shows it', async () => {
    const person = (name: string, phone: Person['phone'] = 'mobile'): Person => ({ name, line1: `${name} St`, city: 'Austin', state: 'TX', zip: '78701', phone })
    const { org, ids } = await universe([
      person('Opted'), person('Platform opted'), person('Delisted'), person('Listed'), person('Relisted'), person('Consented'), person('Nothing'), person('No phone', null),
      person('Landline first', 'landline'), person('Second opted'), person('Complained'), person('Litigator'),
    ])
    const actor = systemActor('test', { organizationId: org.id })
    const numberOf = async (name: string) =>
      (await prisma.identityPhone.findFirstOrThrow({ where: { identity: { leads: { some: { id: ids[name]! } } } }, include: { phone: true } })).phone.e164
    const record = async (name: string, kind: Parameters<typeof recordConsentEvent>[0]['kind'], scope: 'organization' | 'platform' = 'organization', phone?: string) =>
      recordConsentEvent({ actor, organizationId: org.id, scope, kind, phone: phone ?? (await numberOf(name)), source: 'test', evidence: { note: 'recorded by the test' } })
    /** A second phone on the lead's identity, after the first. */
    const addPhone = async (name: string, lineType: 'mobile' | 'landline') => {
      const lead = await prisma.lead.findUniqueOrThrow({ where: { id: ids[name]! } })
      const phone = await prisma.phoneNumber.create({ data: { e164: freshNumber('737'), lineType } })
      await prisma.identityPhone.create({ data: { identityId: lead.identityId, phoneId: phone.id, source: 'test', position: 2 } })
      return phone.e164
    }
    await record('Opted', 'opt_out')
    await record('Platform opted', 'opt_out', 'platform')
    await record('Delisted', 'dnc_listed')
    await record('Delisted', 'dnc_delisted')
    await record('Listed', 'dnc_listed')
    await record('Relisted', 'dnc_listed')
    await record('Relisted', 'dnc_delisted')
    await record('Relisted', 'dnc_listed')
    await record('Consented', 'consent_granted')
    // The send number is the mobile (second) one: a first phone that is a landline is not texted.
    await record('Landline first', 'opt_out', 'organization', await addPhone('Landline first', 'mobile'))
    // A second phone that opted out is not the send number: the lead is clear.
    await record('Second opted', 'opt_out', 'organization', await addPhone('Second opted', 'landline'))
    await record('Complained', 'complaint')
    await record('Litigator', 'litigator_listed', 'platform')

    expect(await names(org.id, { consent: 'opted_out' })).toEqual(['Landline first', 'Platform opted', 'Opted'])
    expect(await names(org.id, { consent: 'dnc_listed' })).toEqual(['Relisted', 'Listed'])
    expect(await names(org.id, { consent: 'consented' })).toEqual(['Consented'])
    expect(await names(org.id, { consent: 'complaint' })).toEqual(['Complained'])
    expect(await names(org.id, { consent: 'litigator_listed' })).toEqual(['Litigator'])
    expect(await names(org.id, { consent: 'wrong_number' })).toEqual([])
    expect(await names(org.id, { consent: 'clear' })).toEqual(['Second opted', 'Nothing', 'Delisted'])
    expect(await names(org.id, { consent: 'opted_out,dnc_listed' })).toEqual(['Landline first', 'Relisted', 'Listed', 'Platform opted', 'Opted'])
    expect(await names(org.id, { consent: 'clear', state: 'TX', status: 'new' })).toEqual(['Second opted', 'Nothing', 'Delisted'])
    expect((await listLeads({ organizationId: org.id, pageSize: 50, filter: leadFilter.parse({ consent: 'clear' }) })).total).toEqual({ kind: 'exact', count: 3 })
    expect(leadFilter.safeParse({ consent: 'opted_in' }).success).toBe(false)

    // The lead page says the same of each lead's send number (consent-rules.ts consentStandings against the SQL).
    for (const [name, id] of Object.entries(ids)) {
      const lead = await getLead({ organizationId: org.id, leadId: id, showNumbers: true })
      const send = lead.phones.filter((p) => p.sendNumber)
      if (name === 'No phone') {
        expect(send).toEqual([])
        continue
      }
      expect(send).toHaveLength(1)
      for (const value of send[0]!.consent) expect(await names(org.id, { consent: value }), `${name}: ${value}`).toContain(name)
      const others = ['opted_out', 'complaint', 'wrong_number', 'litigator_listed', 'dnc_listed', 'consented', 'clear'].filter((v) => !send[0]!.consent.includes(v as never))
      for (const value of others) expect(await names(org.id, { consent: value }), `${name}: ${value}`).not.toContain(name)
    }
  })

  it('refuses a filter that does not parse, with the reason per field', () => {
    const parsed = leadFilter.safeParse({ state: 'Texas', zip: '787', status: 'asleep', q: 'st' })
    expect(parsed.success).toBe(false)
    // A search of fewer than 3 characters would match nearly every street ("st", "rd"): refused.
    expect(Object.keys(parsed.error!.flatten().fieldErrors).sort()).toEqual(['q', 'state', 'status', 'zip'])
  })
})
