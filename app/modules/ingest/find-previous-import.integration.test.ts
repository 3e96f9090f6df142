import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization } from '../../../tests/support/factories'
import { findPreviousImport } from './find-previous-import.server'

const SHA = 'a'.repeat(64)

async function importOf(organizationId: string, filename: string, createdAt: Date, sha256 = SHA) {
  return prisma.importFile.create({
    data: { organizationId, filename, byteSize: 10n, sha256, storage: 'local', storageKey: filename, class: 'universe', createdAt },
  })
}

describe('findPreviousImport', () => {
  it("finds the organization's latest import of the same file, and only its own", async () => {
    const mine = await createOrganization()
    const theirs = await createOrganization()
    await importOf(mine.id, 'jan.csv', new Date('2026-01-05T00:00:00Z'))
    const latest = await importOf(mine.id, 'feb.csv', new Date('2026-02-05T00:00:00Z'))
    await importOf(mine.id, 'other.csv', new Date('2026-03-05T00:00:00Z'), 'b'.repeat(64))
    await importOf(theirs.id, 'mar.csv', new Date('2026-03-05T00:00:00Z'))

    expect(await findPreviousImport({ organizationId: mine.id, sha256: SHA })).toEqual({
      importFileId: latest.id,
      filename: 'feb.csv',
      status: 'queued',
      createdAt: '2026-02-05T00:00:00.000Z',
    })
    const newcomer = await createOrganization()
    expect(await findPreviousImport({ organizationId: newcomer.id, sha256: SHA })).toBeNull()
  })
})
