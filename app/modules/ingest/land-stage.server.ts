import type { JsonObject } from '@liveblocks/node'
import type { ImportStatus } from '~/generated/prisma/client.ts'
import { prisma } from '~/utils/db.server'
import { inspectImportFile } from './inspect-import-file.server'
import { landChunk } from './land-chunk.server'

/**
 * LAND as the run function sees it: the one place the pipeline calls
 * `inspectImportFile` and `landChunk`. Each chunk lands only while the import
 * is running (checked under LAND's row lock), so a pause or cancel stops LAND
 * where it is (the byte offset is stored; a resume goes on from it).
 */

export type LandOutcome =
  | { kind: 'landed'; done: boolean; landed: number; nextRowNo: number; byteOffset: number; progress: JsonObject }
  | { kind: 'stopped'; status: ImportStatus }

export async function inspectForLand({ importFileId }: { importFileId: string }): Promise<{ header: string[] }> {
  const inspection = await inspectImportFile({ importFileId })
  return { header: inspection.header }
}

export async function landNextChunk({ importFileId, maxRows }: { importFileId: string; maxRows?: number }): Promise<LandOutcome> {
  const { stoppedStatus, ...result } = await landChunk({ importFileId, maxRows, onlyWhile: 'running' })
  if (stoppedStatus) return { kind: 'stopped', status: stoppedStatus as ImportStatus }
  const after = await prisma.importFile.findUniqueOrThrow({ where: { id: importFileId }, select: { progress: true } })
  return { kind: 'landed', ...result, progress: (after.progress ?? {}) as JsonObject }
}
