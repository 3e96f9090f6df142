import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization, createUser } from '../../../tests/support/factories'
import { createLandedImport, createVertical } from '../../../tests/support/landed-import'
import { cancelImport } from './cancel-import.server'
import { createImport } from './create-import.server'
import { pauseImport } from './pause-import.server'
import { reextractImport } from './reextract-import.server'
import { resumeImport } from './resume-import.server'
import { saveColumnMap } from './save-column-map.server'

async function admin() {
  const org = await createOrganization()
  const user = await createUser({ organizationId: org.id, role: 'admin' })
  const actor = { type: 'user' as const, userId: user.id, organizationId: org.id, label: user.email, requestId: 'req-import' }
  return { org, user, actor }
}

const source = { storage: 'local', storageKey: 'imports/leads.csv', filename: 'leads.csv', byteSize: 1234, sha256: 'a'.repeat(64) }
const requestedEvents = (importFileId: string) =>
  prisma.jobRun.findMany({ where: { eventName: 'import/requested' } }).then((runs) =>
    runs.filter((r) => (r.events as { data: { importFileId: string } }[])[0]?.data.importFileId === importFileId),
  )

describe('createImport', () => {
  it('records the import with who made it, audits it and sends import/requested', async () => {
    const { org, user, actor } = await admin()
    await createVertical(org.id, 'seller')
    const created = await createImport({ organizationId: org.id, actor, source, class: 'universe', verticalKey: 'seller', parser: { key: 'property-export' } })

    expect(created).toMatchObject({ status: 'queued', stage: 'land', class: 'universe', parserKey: 'property-export', createdByUserId: user.id, sha256: source.sha256 })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.id, action: 'import.created' } })
    expect(audit).toMatchObject({ targetId: created.id, actorId: user.id, requestId: 'req-import' })
    expect(await requestedEvents(created.id)).toHaveLength(1)
  })

  it('refuses what it can check before the file is read, and records nothing', async () => {
    const { org, actor } = await admin()
    const attempt = (options: Partial<Parameters<typeof createImport>[0]>) =>
      createImport({ organizationId: org.id, actor, source, class: 'universe', ...options }).then(() => null, (error: { code: string; details?: { fieldErrors: Record<string, string> } }) => error)

    expect((await attempt({ verticalKey: 'nope' }))?.details?.fieldErrors).toHaveProperty('verticalKey')
    expect((await attempt({ class: 'compliance', complianceKind: 'unsubscribe' }))?.details?.fieldErrors).toHaveProperty('complianceKind')
    expect((await attempt({ class: 'enrichment', parser: { key: 'mystery' } }))?.details?.fieldErrors).toHaveProperty('parser')
    expect((await attempt({ class: 'enrichment', parser: { key: 'generic-csv' } }))?.details?.fieldErrors).toHaveProperty('columnMap')
    expect((await attempt({ class: 'enrichment', columnMap: { A: 'bedrooms' } }))?.details?.fieldErrors).toHaveProperty('columnMap')
    expect(await attempt({ class: 'enrichment', source: { uploadId: 'missing' } })).toMatchObject({ code: 'upload_not_found' })
    expect(await prisma.importFile.count({ where: { organizationId: org.id } })).toBe(0)
  })
})

describe('pause, resume, cancel', () => {
  it('move an import between states, audited, and refuse the moves that make no sense', async () => {
    const { org, actor } = await admin()
    const importFile = await createLandedImport({ organizationId: org.id, header: ['Phone'], rows: [['5125550100']], class: 'compliance', complianceKind: 'opt_out' })

    await expect(resumeImport({ organizationId: org.id, importFileId: importFile.id, actor })).rejects.toMatchObject({ code: 'import_not_resumable' })
    await pauseImport({ organizationId: org.id, importFileId: importFile.id, actor })
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'paused' })
    await resumeImport({ organizationId: org.id, importFileId: importFile.id, actor })
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: importFile.id } })).toMatchObject({ status: 'queued' })
    expect(await requestedEvents(importFile.id)).toHaveLength(1)
    await cancelImport({ organizationId: org.id, importFileId: importFile.id, actor })
    await expect(pauseImport({ organizationId: org.id, importFileId: importFile.id, actor })).rejects.toMatchObject({ code: 'import_not_running' })
    expect((await prisma.auditLog.findMany({ where: { organizationId: org.id }, orderBy: { id: 'asc' } })).map((a) => a.action)).toEqual([
      'import.paused', 'import.resumed', 'import.cancelled',
    ])
  })

  it('never touch another organization’s import', async () => {
    const { org } = await admin()
    const other = await admin()
    const importFile = await createLandedImport({ organizationId: org.id, header: ['Phone'], rows: [], class: 'compliance', complianceKind: 'opt_out' })
    await expect(pauseImport({ organizationId: other.org.id, importFileId: importFile.id, actor: other.actor })).rejects.toMatchObject({ code: 'import_not_found' })
    await expect(cancelImport({ organizationId: other.org.id, importFileId: importFile.id, actor: other.actor })).rejects.toMatchObject({ code: 'import_not_found' })
    await expect(reextractImport({ organizationId: other.org.id, importFileId: importFile.id, actor: other.actor })).rejects.toMatchObject({ code: 'import_not_found' })
  })
})

describe('saveColumnMap', () => {
  it('saves a validated map under a name, replaces it on the same name, and audits both', async () => {
    const { org, actor } = await admin()
    await saveColumnMap({ organizationId: org.id, actor, name: 'County list', map: { Owner: 'full_name', Tel: 'phone' } })
    const saved = await saveColumnMap({ organizationId: org.id, actor, name: 'County list', map: { Owner: 'full_name_last_first', Tel: 'phone' } })
    expect(saved.map).toEqual({ Owner: 'full_name_last_first', Tel: 'phone' })
    expect(await prisma.columnMap.count({ where: { organizationId: org.id } })).toBe(1)
    await expect(saveColumnMap({ organizationId: org.id, actor, name: 'Bad', map: { Owner: 'shoe_size' } })).rejects.toMatchObject({ code: 'invalid_column_map' })
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'column_map.saved' } })).toBe(2)
  })
})
