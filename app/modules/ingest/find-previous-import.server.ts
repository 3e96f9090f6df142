import { prisma } from '~/utils/db.server'

export type PreviousImport = {
  importFileId: string
  filename: string
  status: string
  /** When that import was made. */
  createdAt: string
}

/**
 * The organization's most recent import of a file with this SHA-256, or
 * null: a completed upload that matches one is offered as a re-run of it.
 * Only the organization's own imports count; another organization having
 * imported the same file says nothing here.
 */
export async function findPreviousImport({ organizationId, sha256 }: { organizationId: string; sha256: string }): Promise<PreviousImport | null> {
  const previous = await prisma.importFile.findFirst({
    where: { organizationId, sha256 },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, filename: true, status: true, createdAt: true },
  })
  if (!previous) return null
  return { importFileId: previous.id, filename: previous.filename, status: previous.status, createdAt: previous.createdAt.toISOString() }
}
