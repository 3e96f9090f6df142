import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { freshNumber } from '../../../tests/support/leads'
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

  it('refuses a filter that does not parse, with the reason per field', () => {
    const parsed = leadFilter.safeParse({ state: 'Texas', zip: '787', status: 'asleep', q: 'st' })
    expect(parsed.success).toBe(false)
    // A search of fewer than 3 characters would match nearly every street ("st", "rd"): refused.
    expect(Object.keys(parsed.error!.flatten().fieldErrors).sort()).toEqual(['q', 'state', 'status', 'zip'])
  })
})
