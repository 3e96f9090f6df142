import { describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { findEntityByExternalRef } from '~/modules/integrations/external-refs.server'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { createLandedImport, createVertical } from '../../../tests/support/landed-import'
import { freshNumber } from '../../../tests/support/leads'
import { runExtraction } from '../../../tests/support/run-extraction'
import type { LeadInput } from './lead-input'
import { updateLead } from './update-lead.server'
import { writeLead } from './write-lead.server'

const address = { line1: '12 Oak Street', city: 'Austin', state: 'TX', postalCode: '78701' }

async function organization() {
  const org = await createOrganization()
  const vertical = await createVertical(org.id, 'seller')
  return { org, vertical, actor: systemActor('test', { organizationId: org.id }) }
}

describe('writeLead', () => {
  it('creates a lead through MERGE, matches the same person again and reports what changed', async () => {
    const { org, vertical, actor } = await organization()
    const phone = freshNumber()
    const lead: LeadInput = { firstName: 'Dana', lastName: 'Reyes', phones: [{ number: phone, type: 'mobile' }], propertyAddress: address, tags: ['web'] }

    const first = await writeLead({ organizationId: org.id, actor, lead, source: 'api' })
    expect(first).toMatchObject({ created: true, identityCreated: true, changed: true, phones: [phone], rowNo: 1 })
    const stored = await prisma.lead.findUniqueOrThrow({ where: { id: first.leadId! }, include: { identity: { include: { phones: { include: { phone: true } } } }, property: true } })
    expect(stored).toMatchObject({ organizationId: org.id, verticalId: vertical.id, status: 'new', tags: ['web'], importFileId: first.importFileId, rowNo: 1 })
    expect(stored.identity).toMatchObject({ id: first.identityId, firstName: 'Dana', lastName: 'Reyes' })
    // The caller's `type` is not applied to the number, which every organization shares.
    expect(stored.identity.phones.map((p) => [p.phone.e164, p.source, p.sourceColumn, p.phone.lineType])).toEqual([[phone, 'api', 'phone_1', null]])
    expect(stored.property).toMatchObject({ line1: '12 OAK ST', city: 'AUSTIN', state: 'TX', postalCode: '78701' })

    // The same person, written the way another caller spells them: matched, nothing changed.
    const again = await writeLead({ organizationId: org.id, actor, lead: { fullName: 'dana reyes', propertyAddress: { ...address, line1: '12 oak st' } }, source: 'api' })
    expect(again).toMatchObject({ leadId: first.leadId, identityId: first.identityId, created: false, identityCreated: false, changed: false, rowNo: 2 })

    // A new email, a status and a property fact: the same lead, changed.
    const more = await writeLead({
      organizationId: org.id, actor, source: 'form',
      lead: { firstName: 'Dana', lastName: 'Reyes', propertyAddress: address, emails: ['Dana@Example.com'], status: 'qualified', property: { bedrooms: 3 } },
    })
    expect(more).toMatchObject({ leadId: first.leadId, created: false, changed: true, emails: ['dana@example.com'] })
    const updated = await prisma.lead.findUniqueOrThrow({ where: { id: first.leadId! }, include: { property: true, identity: { include: { emails: true } } } })
    expect(updated).toMatchObject({ status: 'qualified', tags: ['web'], property: { bedrooms: 3 } })
    expect(updated.identity.emails).toHaveLength(1)

    expect(await prisma.lead.count({ where: { organizationId: org.id } })).toBe(1)
    expect(await prisma.identity.count({ where: { organizationId: org.id } })).toBe(1)
    // Each write is a verbatim row of the API import; each is audited.
    expect(await prisma.fileRow.count({ where: { importFileId: first.importFileId } })).toBe(3)
    const audit = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: { startsWith: 'lead.' } }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((a) => a.action)).toEqual(['lead.created', 'lead.matched', 'lead.updated'])
  })

  it('lands an import row and an API write of the same person on the same identity', async () => {
    const { org, vertical, actor } = await organization()
    const phone = freshNumber()
    const imported = await createLandedImport({
      organizationId: org.id,
      verticalId: vertical.id,
      parserKey: 'generic-csv',
      columnMap: { 'First Name': 'first_name', 'Last Name': 'last_name', Phone: 'phone', Address: 'property_line1', City: 'property_city', State: 'property_state', Zip: 'property_zip' },
      header: ['First Name', 'Last Name', 'Phone', 'Address', 'City', 'State', 'Zip'],
      rows: [['Marcus', 'Lee', phone, '400 Elm Avenue', 'Dallas', 'TX', '75201']],
    })
    await runExtraction(imported.id)
    const fromImport = await prisma.lead.findFirstOrThrow({ where: { organizationId: org.id } })

    const written = await writeLead({
      organizationId: org.id, actor, source: 'api',
      lead: { firstName: 'MARCUS', lastName: 'lee', phones: [freshNumber()], propertyAddress: { line1: '400 Elm Ave', city: 'Dallas', state: 'Texas', postalCode: '75201-1234' } },
    })
    expect(written).toMatchObject({ leadId: fromImport.id, identityId: fromImport.identityId, created: false, identityCreated: false, changed: true })
    expect(await prisma.identityPhone.count({ where: { identityId: fromImport.identityId } })).toBe(2)
  })

  it('refuses what cannot be a lead with field errors, and writes nothing', async () => {
    const { org, actor } = await organization()
    const refuse = (lead: LeadInput) => writeLead({ organizationId: org.id, actor, lead, source: 'api' })
    await expect(refuse({ phones: [freshNumber()], propertyAddress: address })).rejects.toMatchObject({ status: 422, details: { fieldErrors: { fullName: [expect.stringContaining('name')] } } })
    await expect(refuse({ firstName: 'Ann', lastName: 'Bo', phones: [freshNumber()] })).rejects.toMatchObject({ status: 422, details: { fieldErrors: { propertyAddress: [expect.any(String)] } } })
    await expect(refuse({ firstName: 'Ann', lastName: 'Bo', propertyAddress: address, phones: ['123'], emails: ['nope'] })).rejects.toMatchObject({
      status: 422, details: { fieldErrors: { 'phones.0': [expect.any(String)], 'emails.0': [expect.any(String)] } },
    })
    await expect(refuse({ firstName: 'Ann', lastName: 'Bo', propertyAddress: address, vertical: 'buyer' })).rejects.toMatchObject({ status: 422, details: { fieldErrors: { vertical: [expect.any(String)] } } })
    await expect(refuse({ firstName: 'Ann', lastName: 'Bo', propertyAddress: address, property: { bedrooms: 'many' } })).rejects.toMatchObject({ status: 422, details: { fieldErrors: { 'property.bedrooms': [expect.any(String)] } } })
    expect(await prisma.importFile.count({ where: { organizationId: org.id } })).toBe(0)
    expect(await prisma.identity.count({ where: { organizationId: org.id } })).toBe(0)
  })

  it('without requireLead writes a person with no property as an identity only', async () => {
    const { org, actor } = await organization()
    const result = await writeLead({ organizationId: org.id, actor, lead: { fullName: 'Lee Chan', phones: [freshNumber()] }, source: 'form', requireLead: false })
    expect(result).toMatchObject({ leadId: null, propertyId: null, created: false, identityCreated: true, changed: true })
  })

  it('records the external ref, and refuses a write that lands on another lead than expected without writing it', async () => {
    const { org, actor } = await organization()
    const first = await writeLead({ organizationId: org.id, actor, source: 'api', lead: { fullName: 'Ivy Stone', propertyAddress: address }, externalRef: { system: 'hubspot', externalId: 'c-77' } })
    expect(await findEntityByExternalRef({ organizationId: org.id, entityType: 'lead', system: 'hubspot', externalId: 'c-77' })).toMatchObject({ entityId: first.leadId })

    await expect(
      writeLead({ organizationId: org.id, actor, source: 'api', lead: { fullName: 'Ivy Stonebridge', propertyAddress: address }, expectLeadId: first.leadId! }),
    ).rejects.toMatchObject({ status: 409, code: 'lead_identity_changed' })
    expect(await prisma.identity.count({ where: { organizationId: org.id } })).toBe(1)
    expect(await prisma.fileRow.count({ where: { importFileId: first.importFileId } })).toBe(1)
  })

  it('keeps organizations apart: the same person written in two organizations is two identities', async () => {
    const a = await organization()
    const b = await organization()
    const lead = { fullName: 'Rosa Diaz', propertyAddress: address }
    const inA = await writeLead({ organizationId: a.org.id, actor: a.actor, lead, source: 'api' })
    const inB = await writeLead({ organizationId: b.org.id, actor: b.actor, lead, source: 'api' })
    expect(inB.created).toBe(true)
    expect(inB.identityId).not.toBe(inA.identityId)
    expect(inB.importFileId).not.toBe(inA.importFileId)
  })
})

describe('writeLead at the same time', () => {
  it('serializes writes of one organization: the same person written three times at once is one lead, created once', async () => {
    const org = await createOrganization()
    await createVertical(org.id, 'seller')
    const actor = systemActor('test', { organizationId: org.id })
    const lead = { fullName: 'Noor Haddad', propertyAddress: address, phones: [freshNumber()] }
    const results = await Promise.all([1, 2, 3].map(() => writeLead({ organizationId: org.id, actor, lead, source: 'api' })))
    expect(new Set(results.map((r) => r.leadId)).size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(results.map((r) => r.rowNo).sort()).toEqual([1, 2, 3])
    expect(await prisma.importFile.count({ where: { organizationId: org.id } })).toBe(1)
  })
})

describe('updateLead', () => {
  it('finds the same lead again from its stored name and address (unit, middle name, suffix, a last-first import) and adds to it', async () => {
    const { org, vertical, actor } = await organization()
    const imported = await createLandedImport({
      organizationId: org.id, verticalId: vertical.id, parserKey: 'generic-csv',
      columnMap: { Owner: 'full_name_last_first', Street: 'property_line1', Unit: 'property_line2', City: 'property_city', State: 'property_state', Zip: 'property_zip' },
      header: ['Owner', 'Street', 'Unit', 'City', 'State', 'Zip'],
      rows: [['GARCIA JOSE L JR', '77 North Main Street', 'Apt 4B', 'El Paso', 'TX', '79901']],
    })
    await runExtraction(imported.id)
    const lead = await prisma.lead.findFirstOrThrow({ where: { organizationId: org.id } })
    const phone = freshNumber('915')
    const result = await updateLead({ organizationId: org.id, actor, leadId: lead.id, patch: { phones: [phone], tags: ['api'] }, source: 'api' })
    expect(result).toMatchObject({ leadId: lead.id, changed: true, write: { leadId: lead.id, created: false } })
    const after = await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, include: { identity: { include: { phones: { include: { phone: true } } } } } })
    expect(after.tags).toEqual(['api'])
    expect(after.identity.phones.map((p) => p.phone.e164)).toEqual([phone])
  })
})
