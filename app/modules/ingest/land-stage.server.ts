import type { ImportStatus } from '~/generated/prisma/client.ts'
import { AppError } from '~/utils/app-error'

/**
 * LAND as the run function sees it: the one place the pipeline calls the
 * LAND slice (`inspectImportFile`, `landChunk`, contract in the shared design).
 */

export type LandOutcome =
  | { kind: 'landed'; done: boolean; landed: number; nextRowNo: number; byteOffset: number }
  | { kind: 'stopped'; status: ImportStatus }

export async function inspectForLand(_options: { importFileId: string }): Promise<{ header: string[] }> {
  throw new AppError('land_unavailable', 'LAND is not part of this build yet', 500)
}

export async function landNextChunk(_options: { importFileId: string; maxRows?: number }): Promise<LandOutcome> {
  throw new AppError('land_unavailable', 'LAND is not part of this build yet', 500)
}
