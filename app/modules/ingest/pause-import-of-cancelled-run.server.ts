import type { Prisma } from '~/generated/prisma/client.ts'

/**
 * When an admin cancels a run of `ingest-run-import` (Settings › Jobs), its
 * import would otherwise stay `running` with nothing running it. It is
 * paused instead, in the cancel's transaction: nothing is lost, and the
 * import page offers Resume or Cancel. Returns the import paused, if any.
 */
export async function pauseImportOfCancelledRun(
  tx: Prisma.TransactionClient,
  run: { organizationId: string | null; events: unknown },
): Promise<string | null> {
  const importFileId = (run.events as { data?: { importFileId?: unknown } }[] | null)?.[0]?.data?.importFileId
  if (typeof importFileId !== 'string' || !run.organizationId) return null
  const changed = await tx.importFile.updateMany({
    where: { id: importFileId, organizationId: run.organizationId, status: { in: ['queued', 'running'] } },
    data: { status: 'paused' },
  })
  return changed.count > 0 ? importFileId : null
}
