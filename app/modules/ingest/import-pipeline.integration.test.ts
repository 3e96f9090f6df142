import { describe, expect, it } from 'vitest'
import { pool, prisma } from '~/utils/db.server'
import { asOwner } from '../../../tests/support/owner-database'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { GENERATED_HEADER, generatePropertyRows } from '../../../tests/support/generated-rows'
import { graphSnapshot } from '../../../tests/support/graph-snapshot'
import { createLandedImport, createVertical, fixtureCsv } from '../../../tests/support/landed-import'
import { runExtraction } from '../../../tests/support/run-extraction'
import { processExtractionChunk } from './process-extraction-chunk.server'
import { reextractImport } from './reextract-import.server'
import { startExtraction } from './start-extraction.server'

async function universe(rows: string[][], header = GENERATED_HEADER) {
  const org = await createOrganization()
  const vertical = await createVertical(org.id)
  const importFile = await createLandedImport({ organizationId: org.id, header, rows, verticalId: vertical.id })
  return { org, vertical, importFile }
}

describe('PARSE → RECORD of a universe import', () => {
  it('builds the graph from a property export: people, properties, phones, emails, leads, all with provenance', async () => {
    const { header, rows } = fixtureCsv('property-export-60.csv')
    const { org, importFile } = await universe(rows, header)
    const result = await runExtraction(importFile.id)

    expect(result.counts).toMatchObject({ rows: 2, newIdentities: 3, matchedIdentities: 0, phonesAdded: 4, invalidPhones: 1, leadsCreated: 3, inFileDuplicates: 0 })
    const graph = await graphSnapshot(org.id)
    expect(graph.identities.map((i) => JSON.parse(i).full_name).sort()).toEqual(['John Smith', 'Mary Smith', 'Rosa Alvarez'])
    expect(graph.identityPhones.map((p) => JSON.parse(p))).toContainEqual(expect.objectContaining({
      e164: '+15128675309', position: 2, source: 'import:property-export@1', file: importFile.sha256, row_no: 1, source_column: 'Phone 2',
    }))
    expect(graph.identityProperties.map((p) => [JSON.parse(p).role, JSON.parse(p).source_column]).sort()).toEqual([
      ['mailing', 'Mailing Address'], ['mailing', 'Mailing Address'], ['owner', 'Property Address'], ['owner', 'Property Address'], ['owner', 'Property Address'],
    ])
    const property = await prisma.property.findFirstOrThrow({ where: { organizationId: org.id, line1: '1205 N OAK ST' } })
    expect(property).toMatchObject({ bedrooms: 3, bathrooms: 2.5, absentee: true, ownerOccupied: false, equityPercent: 44, bedroomsConfidence: 1 })
    expect(property.lastSaleDate?.toISOString().slice(0, 10)).toBe('2013-05-14')
    expect(await prisma.importRowError.findMany({ where: { importFileId: importFile.id }, select: { rowNo: true, sourceColumn: true, kind: true, value: true } }))
      .toEqual([{ rowNo: 1, sourceColumn: 'Phone 4', kind: 'invalid_phone', value: '555-1234' }])
    const audit = await prisma.auditLog.findMany({ where: { organizationId: org.id, action: 'import.completed' } })
    expect(audit).toHaveLength(1)
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({
      status: 'completed', stage: 'done', parserKey: 'property-export', parserVersion: 1, counts: expect.objectContaining({ rows: 2 }),
    })
  })

  it('counts and reports in-file duplicates and invalid phones, whatever the chunking', async () => {
    const rows = generatePropertyRows(300, 7)
    const a = await universe(rows)
    const b = await universe(rows)
    const whole = await runExtraction(a.importFile.id, { maxRows: 1000 })
    const chunked = await runExtraction(b.importFile.id, { maxRows: 37 })

    expect(chunked.chunks).toBeGreaterThan(5)
    const errors = await prisma.importRowError.count({ where: { importFileId: a.importFile.id, kind: 'invalid_phone' } })
    expect(whole.counts.invalidPhones).toBe(errors)
    expect(errors).toBeGreaterThan(0)
    expect(whole.counts.inFileDuplicates).toBeGreaterThan(20)
    const identities = await prisma.identity.count({ where: { organizationId: a.org.id } })
    const personRows = (whole.counts.newIdentities as number) + (whole.counts.inFileDuplicates as number)
    expect(identities).toBe(whole.counts.newIdentities)
    expect(personRows).toBeGreaterThan(identities)
    expect(chunked.counts).toEqual(whole.counts)
    expect(await graphSnapshot(b.org.id)).toEqual(await graphSnapshot(a.org.id))
  })

  it('merging the same chunk again after a crash inside MERGE changes nothing: the chunk is one transaction', async () => {
    const rows = generatePropertyRows(60, 3)
    const crashed = await universe(rows)
    const clean = await universe(rows)
    await asOwner(async (owner) => {
      await owner.query(`CREATE SEQUENCE crash_once`)
      await owner.query(`CREATE FUNCTION crash_in_merge() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN IF nextval('crash_once') = 2 THEN RAISE EXCEPTION 'injected crash inside MERGE'; END IF; RETURN NULL; END $$`)
      await owner.query(`CREATE TRIGGER crash_in_merge AFTER INSERT ON lead_events FOR EACH STATEMENT EXECUTE FUNCTION crash_in_merge()`)
    })
    try {
      const extraction = await startExtraction({ importFileId: crashed.importFile.id })
      const outcomes: string[] = []
      for (;;) {
        const outcome = await processExtractionChunk({ extractionId: extraction.id, maxRows: 20 }).catch((error: Error) => ({ kind: error.message }))
        outcomes.push(outcome.kind)
        if (outcome.kind === 'done' || ('done' in outcome && outcome.done)) break
      }
      expect(outcomes).toContain('injected crash inside MERGE')
    } finally {
      await asOwner((owner) => owner.query('DROP TRIGGER crash_in_merge ON lead_events'))
    }
    await runExtraction(crashed.importFile.id)
    await runExtraction(clean.importFile.id, { maxRows: 20 })
    expect(await graphSnapshot(crashed.org.id)).toEqual(await graphSnapshot(clean.org.id))
  })

  it('importing the same file twice changes nothing in the graph; the second import only matches', async () => {
    const rows = generatePropertyRows(120, 11)
    const { org, vertical } = await universe([])
    const first = await createLandedImport({ organizationId: org.id, header: GENERATED_HEADER, rows, verticalId: vertical.id })
    const one = await runExtraction(first.id, { maxRows: 50 })
    const before = await graphSnapshot(org.id)
    const again = await createLandedImport({ organizationId: org.id, header: GENERATED_HEADER, rows, verticalId: vertical.id })
    const two = await runExtraction(again.id, { maxRows: 50 })
    const after = await graphSnapshot(org.id)

    expect({ ...after, leadEvents: [] }).toEqual({ ...before, leadEvents: [] })
    expect(two.counts).toMatchObject({ newIdentities: 0, matchedIdentities: one.counts.newIdentities, phonesAdded: 0, emailsAdded: 0, leadsCreated: 0, leadsMatched: one.counts.leadsCreated, propertiesAdded: 0 })
    expect(after.leadEvents.filter((e) => JSON.parse(e).kind === 'matched')).toHaveLength(one.counts.leadsCreated as number)
  })

  it('keeps two organizations importing the same file apart, and phone_numbers says nothing of who imported what', async () => {
    const rows = generatePropertyRows(40, 5)
    const a = await universe(rows)
    const b = await universe(rows)
    await runExtraction(a.importFile.id)
    await runExtraction(b.importFile.id)

    const graphA = await graphSnapshot(a.org.id)
    expect(await graphSnapshot(b.org.id)).toEqual(graphA)
    const overlap = await pool.query(
      `SELECT count(*)::int AS n FROM identities x JOIN identities y ON x.id = y.id WHERE x.organization_id = $1 AND y.organization_id = $2`,
      [a.org.id, b.org.id],
    )
    expect(overlap.rows[0].n).toBe(0)
    const crossLinks = await pool.query(
      `SELECT count(*)::int AS n FROM identity_phones ip JOIN identities i ON i.id = ip.identity_id
        JOIN leads l ON l.identity_id = i.id WHERE i.organization_id <> l.organization_id`,
    )
    expect(crossLinks.rows[0].n).toBe(0)
    const columns = await pool.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'phone_numbers' ORDER BY 1`)
    expect(columns.rows.map((r) => r.column_name)).toEqual(['carrier', 'created_at', 'e164', 'id', 'line_type', 'timezone'])
  })
})

describe('re-extraction', () => {
  it('re-runs PARSE → RECORD with a new column map over the stored rows and updates the promoted fields', async () => {
    const header = ['Name', 'Cell', 'Street', 'Town', 'ST', 'Zip', 'Beds (2019)', 'Beds (2024)']
    const rows = [
      ['Ann Lee', '512-867-5309', '1 Main St', 'Austin', 'TX', '78701', '2', '3'],
      ['Bo Diaz', '305-555-0187', '9 Elm St', 'Miami', 'FL', '33101', '4', 'x'],
    ]
    const org = await createOrganization()
    const user = await createUser({ organizationId: org.id, role: 'admin' })
    const vertical = await createVertical(org.id)
    const mapFor = (beds: string) => ({ Name: 'full_name', Cell: 'phone', Street: 'property_line1', Town: 'property_city', ST: 'property_state', Zip: 'property_zip', [beds]: 'bedrooms' })
    const importFile = await createLandedImport({ organizationId: org.id, header, rows, verticalId: vertical.id, columnMap: mapFor('Beds (2019)'), status: 'running' })
    const first = await runExtraction(importFile.id)
    expect(first.counts).toMatchObject({ newIdentities: 2, leadsCreated: 2 })
    const bedrooms = async () => (await prisma.property.findMany({ where: { organizationId: org.id }, orderBy: { line1: 'asc' } })).map((p) => [p.line1, p.bedrooms])
    expect(await bedrooms()).toEqual([['1 MAIN ST', 2], ['9 ELM ST', 4]])

    const actor = { type: 'user' as const, userId: user.id, organizationId: org.id, label: user.email }
    const second = await reextractImport({ organizationId: org.id, importFileId: importFile.id, actor, columnMap: mapFor('Beds (2024)') })
    expect(second).toMatchObject({ number: 2, parserKey: 'generic-csv', status: 'running' })
    await prisma.importFile.update({ where: { id: importFile.id }, data: { status: 'running' } })
    // Until the new extraction is merged, the first one's records stand.
    expect(await prisma.importRowError.count({ where: { extractionId: first.extractionId } })).toBe(0)
    const done = await runExtraction(importFile.id)

    expect(done).toMatchObject({ extractionNumber: 2, counts: expect.objectContaining({ newIdentities: 0, matchedIdentities: 2, leadsCreated: 0, leadsMatched: 2 }) })
    // The new value wins at equal confidence because it is more recent; an unreadable one leaves the old value.
    expect(await bedrooms()).toEqual([['1 MAIN ST', 3], ['9 ELM ST', 4]])
    expect(await prisma.importRowError.findMany({ where: { importFileId: importFile.id }, select: { rowNo: true, kind: true, sourceColumn: true } }))
      .toEqual([{ rowNo: 2, kind: 'invalid_value', sourceColumn: 'Beds (2024)' }])
    expect(await prisma.importExtraction.findMany({ where: { importFileId: importFile.id }, orderBy: { number: 'asc' }, select: { number: true, status: true } }))
      .toEqual([{ number: 1, status: 'superseded' }, { number: 2, status: 'completed' }])
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'completed', columnMap: mapFor('Beds (2024)') })
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: { in: ['import.reextraction_requested', 'import.reextracted'] } } })).toBe(2)
  })
})
