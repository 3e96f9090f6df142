import type { Actor } from '~/modules/audit/actor'
import { withAudit } from '~/modules/audit/record-audit.server'
import { uploadDataStore } from '~/utils/upload-storage.server'

/** Forgets a stored upload no import took (its import was refused): bytes and row, audited. */
export async function discardStoredUpload(options: { organizationId: string; uploadId: string; actor: Actor }) {
  const store = await uploadDataStore()
  await store.remove(options.uploadId).catch(() => {})
  await withAudit(
    { actor: options.actor, action: 'upload.deleted', organizationId: options.organizationId, target: { type: 'upload', id: options.uploadId } },
    async (tx) => {
      await tx.upload.deleteMany({ where: { id: options.uploadId, organizationId: options.organizationId } })
      return { result: null, summary: { reason: 'import refused' } }
    },
  )
}
