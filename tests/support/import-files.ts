import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { landChunk, type LandChunkResult } from '~/modules/ingest/land-chunk.server'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'

const FIXTURES = path.resolve('tests/fixtures/imports')

/**
 * A throwaway local upload store (UPLOADS_DIR) for this test file, and
 * import_files rows whose file is a fixture or bytes the test made.
 */
export function useUploadStore() {
  let root = ''
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'esd-uploads-'))
    process.env.UPLOADS_DIR = root
    resetEnv()
  })
  afterAll(async () => {
    delete process.env.UPLOADS_DIR
    resetEnv()
    await rm(root, { recursive: true, force: true })
  })

  async function importFile(organizationId: string, storageKey: string, bytes: Buffer) {
    return prisma.importFile.create({
      data: {
        organizationId,
        filename: path.basename(storageKey),
        byteSize: BigInt(bytes.length),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        storage: 'local',
        storageKey,
        class: 'universe',
      },
    })
  }

  /** An import of bytes the test made. */
  async function importBytes(organizationId: string, name: string, bytes: Buffer) {
    const storageKey = `${organizationId}/${crypto.randomUUID()}-${name}`
    await mkdir(path.join(root, organizationId), { recursive: true })
    await writeFile(path.join(root, storageKey), bytes)
    return importFile(organizationId, storageKey, bytes)
  }

  /** An import of a file from tests/fixtures/imports. */
  async function importFixture(organizationId: string, fixture: string) {
    return importBytes(organizationId, fixture, await readFile(path.join(FIXTURES, fixture)))
  }

  return { importBytes, importFixture }
}

/** Calls landChunk until LAND is done; every call's result. */
export async function landAll(importFileId: string, options: Omit<Parameters<typeof landChunk>[0], 'importFileId'> = {}) {
  const results: LandChunkResult[] = []
  for (;;) {
    const result = await landChunk({ importFileId, ...options })
    results.push(result)
    if (result.done) return results
    if (results.length > 1_000_000) throw new Error('LAND does not finish')
  }
}

export type LandedRowRecord = { rowNo: number; payload: unknown; error: string | null }

/** Every row landed for the import, in order. */
export async function landedRows(importFileId: string): Promise<LandedRowRecord[]> {
  return prisma.fileRow.findMany({
    where: { importFileId },
    orderBy: { rowNo: 'asc' },
    select: { rowNo: true, payload: true, error: true },
  })
}
