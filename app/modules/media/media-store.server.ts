import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { openStoredFile } from '~/modules/ingest/upload-store.server'
import { localUploadRoot, uploadS3Client, uploadStorage } from '~/utils/upload-storage.server'

/**
 * Where an MMS image's bytes live: the upload store (upload-storage.server.ts),
 * so media follows the same choice as lead files — files under the upload root
 * (UPLOADS_DIR, by default DATA_DIR/uploads) on one server, the S3 bucket when
 * S3_BUCKET is set. The key is `media/<organization>/<id>` in both: a folder
 * tus never lists (its uploads are files with a `.json` twin), a prefix its
 * hex upload ids never start with.
 */

export type StoredMedia = { storage: 'local' | 's3'; storageKey: string }

export function mediaStorageKey(organizationId: string, mediaId: string): string {
  return `media/${organizationId}/${mediaId}`
}

/** Writes an image's bytes to the configured store under a new key; a key is written once. */
export async function putMediaBytes(options: { storageKey: string; bytes: Buffer; contentType: string }): Promise<StoredMedia> {
  const storage = uploadStorage()
  if (storage.kind === 'local') {
    const file = path.join(localUploadRoot(), options.storageKey)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, options.bytes, { flag: 'wx' })
    return { storage: 'local', storageKey: options.storageKey }
  }
  const client = (await uploadS3Client())!
  const { PutObjectCommand } = await import('@aws-sdk/client-s3')
  await client.send(
    new PutObjectCommand({
      Bucket: storage.bucket,
      Key: options.storageKey,
      Body: options.bytes,
      ContentType: options.contentType,
      ContentLength: options.bytes.length,
    }),
  )
  return { storage: 's3', storageKey: options.storageKey }
}

/** Removes bytes whose row was never written (a failed insert); what cannot be removed is left. */
export async function discardMediaBytes(stored: StoredMedia): Promise<void> {
  if (stored.storage === 'local') {
    await rm(path.join(localUploadRoot(), stored.storageKey), { force: true }).catch(() => {})
    return
  }
  const storage = uploadStorage()
  const client = await uploadS3Client()
  if (storage.kind !== 's3' || !client) return
  const { DeleteObjectCommand } = await import('@aws-sdk/client-s3')
  await client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: stored.storageKey })).catch(() => {})
}

/** The bytes of a stored image, streamed from its store (the one it was written to). */
export function openMediaBytes(stored: { storage: string; storageKey: string }): Promise<Readable> {
  return openStoredFile({ storage: stored.storage, storageKey: stored.storageKey })
}
