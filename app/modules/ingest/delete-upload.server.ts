import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'

/** Forgets an unfinished upload its owner cancelled (tus DELETE, after the store dropped its bytes). */
export async function deleteUpload({ organizationId, uploadId, actor }: { organizationId: string; uploadId: string; actor: Actor }) {
  return withAudit({ actor, action: 'upload.deleted', organizationId, target: { type: 'upload', id: uploadId } }, async (tx) => {
    const deleted = await tx.upload.deleteMany({ where: { id: uploadId, organizationId, status: 'uploading' } })
    return { result: deleted.count === 1 }
  })
}
