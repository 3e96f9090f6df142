import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { asOwner } from '../../../tests/support/owner-database'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { graphSnapshot } from '../../../tests/support/graph-snapshot'
import { createLandedImport, createVertical } from '../../../tests/support/landed-import'
import { runExtraction } from '../../../tests/support/run-extraction'

const UNIVERSE_HEADER = ['Owner Name', 'Property Address', 'Property City', 'Property State', 'Property Zip', 'Phone 1', 'Bedrooms']
const UNIVERSE_ROWS = [
  ['Ann Lee', '1 Main St', 'Austin', 'TX', '78701', '512-867-5309', '2'],
  ['Bo Diaz', '9 Elm St', 'Miami', 'FL', '33101', '305-555-0187', '3'],
]

async function organizationWithUniverse() {
  const org = await createOrganization()
  const vertical = await createVertical(org.id)
  const universe = await createLandedImport({ organizationId: org.id, header: UNIVERSE_HEADER, rows: UNIVERSE_ROWS, verticalId: vertical.id })
  await runExtraction(universe.id)
  return org
}

describe('enrichment imports', () => {
  it('augment identities matched by phone or hash and properties matched by hash, never create identities or leads, and report what matched nothing', async () => {
    const org = await organizationWithUniverse()
    const header = ['Full Name', 'Phone', 'Phone 2', 'Age', 'Property Address', 'Property City', 'Property State', 'Property Zip', 'Year Built']
    const rows = [
      // Matched by phone (another spelling of the name): gets a second phone and an age.
      ['Annie Lee', '(512) 867-5309', '512-555-0199', '61', '', '', '', '', ''],
      // Matched by property hash only: the property gets its year built.
      ['', '', '', '', '9 Elm Street', 'Miami', 'Florida', '33101', '1978'],
      // Matches nothing: reported, not merged.
      ['Cy Young', '602-555-0123', '', '44', '5 Pine Rd', 'Phoenix', 'AZ', '85001', '2001'],
    ]
    const enrichment = await createLandedImport({ organizationId: org.id, header, rows, class: 'enrichment' })
    const before = await graphSnapshot(org.id)
    const result = await runExtraction(enrichment.id)

    expect(result.counts).toMatchObject({ newIdentities: 0, leadsCreated: 0, phonesAdded: 1, matchedIdentities: 1, leadsEnriched: 2, unmatchedRows: 1 })
    const after = await graphSnapshot(org.id)
    expect(after.identities).toHaveLength(before.identities.length)
    expect(after.leads).toEqual(before.leads)
    expect(await prisma.property.count({ where: { organizationId: org.id } })).toBe(2)
    const ann = await prisma.identity.findFirstOrThrow({ where: { organizationId: org.id, fullName: 'Ann Lee' }, include: { phones: { include: { phone: true } } } })
    expect(ann).toMatchObject({ age: 61, fullName: 'Ann Lee' })
    expect(ann.phones.map((p) => [p.phone.e164, p.sourceColumn, p.importFileId]).sort()).toEqual([
      ['+15125550199', 'Phone 2', enrichment.id],
      ['+15128675309', 'Phone 1', expect.any(String)],
    ])
    expect(await prisma.property.findFirstOrThrow({ where: { organizationId: org.id, line1: '9 ELM ST' } })).toMatchObject({ yearBuilt: 1978, bedrooms: 3 })
    expect(await prisma.importRowError.findMany({ where: { importFileId: enrichment.id }, select: { rowNo: true, kind: true } })).toEqual([{ rowNo: 3, kind: 'unmatched' }])
    expect(after.leadEvents.map((e) => JSON.parse(e).kind).sort()).toEqual(['created', 'created', 'enriched', 'enriched'])
  })
})

describe('enrichment counts', () => {
  it('count an identity matched in several chunks once', async () => {
    const org = await organizationWithUniverse()
    const rows = [['Ann Lee', '512-867-5309'], ['Ann Lee', '(512) 867-5309'], ['Ann Lee', '+1 512 867 5309']]
    const enrichment = await createLandedImport({ organizationId: org.id, header: ['Full Name', 'Phone'], rows, class: 'enrichment' })
    const result = await runExtraction(enrichment.id, { maxRows: 1 })
    expect(result.counts).toMatchObject({ matchedIdentities: 1 })
  })
})

describe('enrichment rows matched only through a mailing address', () => {
  it('are reported as unmatched: nothing of theirs would be merged', async () => {
    const org = await organizationWithUniverse()
    const header = ['Full Name', 'Property Address', 'Property City', 'Property State', 'Property Zip', 'Mailing Address', 'Mailing City', 'Mailing State', 'Mailing Zip', 'Year Built']
    // Someone else's property, unknown here, whose owner gets mail at Ann Lee's property.
    const row = ['Zed Unknown', '7 Birch Ct', 'Denver', 'CO', '80202', '1 Main St', 'Austin', 'TX', '78701', '1999']
    const enrichment = await createLandedImport({ organizationId: org.id, header, rows: [row], class: 'enrichment' })
    const result = await runExtraction(enrichment.id)
    expect(result.counts).toMatchObject({ unmatchedRows: 1 })
    expect(await prisma.importRowError.findMany({ where: { importFileId: enrichment.id }, select: { rowNo: true, kind: true } })).toEqual([{ rowNo: 1, kind: 'unmatched' }])
  })
})

describe('compliance imports', () => {
  it('turn every number of the file into an append-only consent event with the file as evidence, and a re-run adds none', async () => {
    const org = await createOrganization()
    const user = await createUser({ organizationId: org.id })
    const header = ['Phone Number', 'Reason']
    const rows = [['(512) 867-5309', 'STOP'], ['305.555.0187', 'stop all'], ['12345', 'garbage'], ['512-867-5309', 'again']]
    const first = await createLandedImport({ organizationId: org.id, header, rows, class: 'compliance', complianceKind: 'opt_out', createdByUserId: user.id })
    const one = await runExtraction(first.id)

    expect(one.counts).toMatchObject({ consentEvents: 3, invalidPhones: 1, newIdentities: 0 })
    const events = await prisma.consentEvent.findMany({ where: { organizationId: org.id }, orderBy: { id: 'asc' } })
    expect(events.map((e) => [e.kind, e.scope, e.e164, e.source, e.actorType, e.actorId, e.actorLabel, (e.evidence as { rowNo: number }).rowNo]).sort()).toEqual([
      ['opt_out', 'organization', '+13055550187', 'import', 'user', user.id, user.email, 2],
      ['opt_out', 'organization', '+15128675309', 'import', 'user', user.id, user.email, 1],
      ['opt_out', 'organization', '+15128675309', 'import', 'user', user.id, user.email, 4],
    ])
    expect(events.map((e) => e.evidence)).toEqual(expect.arrayContaining([
      { importFileId: first.id, extractionId: one.extractionId, sha256: first.sha256, rowNo: 1, column: 'Phone Number' },
      { importFileId: first.id, extractionId: one.extractionId, sha256: first.sha256, rowNo: 4, column: 'Phone Number' },
    ]))
    expect(await prisma.identity.count({ where: { organizationId: org.id } })).toBe(0)

    const rerun = await createLandedImport({ organizationId: org.id, header, rows, class: 'compliance', complianceKind: 'opt_out' })
    const two = await runExtraction(rerun.id)
    expect(two.counts).toMatchObject({ consentEvents: 0, consentEventsAlreadyRecorded: 3 })
    expect(await prisma.consentEvent.count({ where: { organizationId: org.id } })).toBe(3)

    const refused = await asOwner((owner) => owner.query(`UPDATE consent_events SET kind = 'opt_in'`).then(() => 'updated', (e: { message: string }) => e.message))
    expect(refused).toContain('consent_events is append-only')
  })
})

describe('lead_events', () => {
  it('is append-only, even for the owner role', async () => {
    await organizationWithUniverse()
    for (const sql of ['UPDATE lead_events SET kind = \'matched\'', 'DELETE FROM lead_events', 'TRUNCATE lead_events']) {
      const refused = await asOwner((owner) => owner.query(sql).then(() => 'done', (e: { message: string }) => e.message))
      expect(refused, sql).toContain('lead_events is append-only')
    }
  })
})
