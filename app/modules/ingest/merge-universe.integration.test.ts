import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { graphSnapshot } from '../../../tests/support/graph-snapshot'
import { createLandedImport, createVertical, fixtureCsv } from '../../../tests/support/landed-import'
import { runExtraction } from '../../../tests/support/run-extraction'

describe('PARSE → RECORD of a universe import', () => {
  it('turns a property export into identities, properties, phones, emails and leads with provenance', async () => {
    const org = await createOrganization()
    const vertical = await createVertical(org.id)
    const { header, rows } = fixtureCsv('property-export-60.csv')
    const importFile = await createLandedImport({ organizationId: org.id, header, rows, verticalId: vertical.id })

    const result = await runExtraction(importFile.id)
    const graph = await graphSnapshot(org.id)
    console.log(JSON.stringify(result, null, 1), JSON.stringify(graph, null, 1))
    expect(result.counts).toMatchObject({ rows: 2 })
  })
})
