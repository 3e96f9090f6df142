import { randomBytes } from 'node:crypto'
import type { Readable } from 'node:stream'
import { Upload as TusUpload } from '@tus/server'
import type { Actor } from '~/modules/audit/actor'
import { uploadDataStore, uploadStorage, UPLOAD_EXPIRY_MS } from '~/utils/upload-storage.server'
import { createUpload } from './create-upload.server'
import { finalizeUpload } from './finalize-upload.server'

/**
 * Puts a file the server already holds (a multipart part on disk, pushed
 * records as CSV) into the upload store as a complete upload of the
 * organization: the same row, audit entries, SHA-256 and storage (local or
 * S3, through the tus data store) as a tus upload, so an import treats it
 * like any other. The bytes stream; nothing is held whole in memory.
 */
export async function storeUploadFile(options: {
  organizationId: string
  actor: Actor
  filename: string
  byteSize: number
  stream: Readable
}) {
  const id = randomBytes(16).toString('hex')
  const storage = uploadStorage()
  await createUpload({
    id,
    organizationId: options.organizationId,
    actor: options.actor,
    filename: options.filename,
    byteSize: options.byteSize,
    storage: storage.kind,
    storageKey: id,
    expiresAt: new Date(Date.now() + UPLOAD_EXPIRY_MS),
  })
  const store = await uploadDataStore()
  await store.create(new TusUpload({ id, size: options.byteSize, offset: 0, metadata: { filename: options.filename } }))
  await store.write(options.stream, id, 0)
  const { upload } = await finalizeUpload({ uploadId: id, actor: options.actor })
  return upload
}
