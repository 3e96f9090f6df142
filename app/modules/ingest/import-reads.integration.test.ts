import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { GENERATED_HEADER, generatePropertyRows } from '../../../tests/support/generated-rows'
import { createLandedImport, createVertical, fixtureCsv } from '../../../tests/support/landed-import'
import { runExtraction } from '../../../tests/support/run-extraction'
import { getImport } from './get-import.server'
import { listImportRowErrors } from './list-import-row-errors.server'
import { listImports } from './list-imports.server'

async function completedImport() {
  const org = await createOrganization()
  const vertical = await createVertical(org.id)
  const { header, rows } = fixtureCsv('property-export-60.csv')
  const importFile = await createLandedImport({ organizationId: org.id, header, rows, verticalId: vertical.id, filename: 'owners.csv' })
  await runExtraction(importFile.id)
  return { org, importFile, header, rows }
}

describe('getImport', () => {
  it('returns status, parser, per-stage progress and the counts of a completed import', async () => {
    const { org, importFile } = await completedImport()
    const summary = await getImport({ organizationId: org.id, importFileId: importFile.id })
    expect(summary).toMatchObject({
      id: importFile.id,
      status: 'completed',
      stage: 'done',
      class: 'universe',
      filename: 'owners.csv',
      verticalKey: 'seller',
      sha256: importFile.sha256,
      parser: { key: 'property-export', version: 1 },
      counts: { rows: 2, newIdentities: 3, matchedIdentities: 0, phonesAdded: 4, invalidPhones: 1, inFileDuplicates: 0, errorsByType: { invalid_phone: 1 } },
      error: null,
    })
    expect(summary.progress.record).toMatchObject({ done: 2, total: 2, etaSeconds: null })
    expect(summary.finishedAt).not.toBeNull()
  })

  it('shows the running totals of the extraction before the import completes, and the ETA of a running stage', async () => {
    const org = await createOrganization()
    const vertical = await createVertical(org.id)
    const importFile = await createLandedImport({ organizationId: org.id, header: GENERATED_HEADER, rows: generatePropertyRows(10, 1), verticalId: vertical.id })
    await prisma.importExtraction.create({ data: { importFileId: importFile.id, number: 1, parserKey: 'property-export', parserVersion: 1, confidence: 1, counts: { rows: 4, phonesAdded: 7 } } })
    await prisma.importFile.update({
      where: { id: importFile.id },
      data: { stage: 'merge', progress: { merge: { done: 4, total: 10, startedAt: new Date().toISOString(), finishedAt: null, rowsPerSecond: 2 } } },
    })
    const summary = await getImport({ organizationId: org.id, importFileId: importFile.id })
    expect(summary.counts).toMatchObject({ rows: 10, phonesAdded: 7, newIdentities: 0 })
    expect(summary.progress.merge).toMatchObject({ done: 4, total: 10, rowsPerSecond: 2, etaSeconds: 3 })
    expect(summary.progress.land).toBeNull()
  })

  it("is a 404 for another organization's import", async () => {
    const { importFile } = await completedImport()
    const other = await createOrganization()
    await expect(getImport({ organizationId: other.id, importFileId: importFile.id })).rejects.toMatchObject({ code: 'import_not_found', status: 404 })
  })
})

describe('listImports', () => {
  it("pages the organization's imports newest first, and only its own", async () => {
    const org = await createOrganization()
    const other = await createOrganization()
    const made = []
    for (let i = 0; i < 5; i++) {
      const row = await createLandedImport({ organizationId: org.id, header: ['a'], rows: [[String(i)]] })
      // Distinct times, so the expected order does not depend on how fast the rows were made.
      made.push(await prisma.importFile.update({ where: { id: row.id }, data: { createdAt: new Date(Date.UTC(2026, 0, 1 + i)) } }))
    }
    await createLandedImport({ organizationId: other.id, header: ['a'], rows: [['x']] })

    const first = await listImports({ organizationId: org.id, limit: 2 })
    const second = await listImports({ organizationId: org.id, limit: 2, cursor: first.nextCursor })
    const third = await listImports({ organizationId: org.id, limit: 2, cursor: second.nextCursor })
    const ids = [...first.data, ...second.data, ...third.data].map((i) => i.id)
    expect(ids).toEqual(made.map((m) => m.id).reverse())
    expect(third.nextCursor).toBeNull()
    await expect(listImports({ organizationId: org.id, limit: 2, cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid_cursor', status: 400 })
  })
})

describe('listImportRowErrors', () => {
  it('gives each error with its raw row by column name', async () => {
    const { org, importFile, header, rows } = await completedImport()
    const page = await listImportRowErrors({ organizationId: org.id, importFileId: importFile.id, limit: 10 })
    expect(page.nextCursor).toBeNull()
    expect(page.data).toHaveLength(1)
    expect(page.data[0]).toMatchObject({ rowNo: 1, code: 'invalid_phone', sourceColumn: 'Phone 4', value: '555-1234' })
    expect(page.data[0]!.row).toEqual(Object.fromEntries(header.map((name, i) => [name, rows[0]![i]])))
  })

  it('pages through the errors in file order, and is a 404 for another organization', async () => {
    const org = await createOrganization()
    const vertical = await createVertical(org.id)
    const importFile = await createLandedImport({ organizationId: org.id, header: GENERATED_HEADER, rows: generatePropertyRows(300, 7), verticalId: vertical.id })
    await runExtraction(importFile.id)
    const all = await prisma.importRowError.findMany({ where: { importFileId: importFile.id }, orderBy: [{ rowNo: 'asc' }, { id: 'asc' }] })
    expect(all.length).toBeGreaterThan(3)

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof listImportRowErrors>> = await listImportRowErrors({ organizationId: org.id, importFileId: importFile.id, limit: 3, cursor })
      expect(page.data.length).toBeLessThanOrEqual(3)
      seen.push(...page.data.map((e) => `${e.rowNo}:${e.code}:${e.value}`))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.map((e) => `${e.rowNo}:${e.kind}:${e.value}`))

    const other = await createOrganization()
    await expect(listImportRowErrors({ organizationId: other.id, importFileId: importFile.id, limit: 3 })).rejects.toMatchObject({ status: 404 })
  })
})
