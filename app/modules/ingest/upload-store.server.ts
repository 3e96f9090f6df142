import { open, realpath } from 'node:fs/promises'
import path from 'node:path'
import { Readable } from 'node:stream'
import { AppError } from '~/utils/app-error'
import { localUploadRoot, uploadS3Client, uploadStorage } from '~/utils/upload-storage.server'

export type StoredFile = {
  /** `local` or `s3`, as `uploads.storage` and `import_files.storage` say. */
  storage: string
  /** For `local`, a path relative to the upload store root (or an absolute one under it); for `s3`, the object key. */
  storageKey: string
  /** The first byte to read (default 0). */
  start?: number
}

function notFound(file: StoredFile): AppError {
  return new AppError('stored_file_not_found', `The stored file ${file.storageKey} is not in the upload store.`, 404)
}

async function openLocal(root: string, file: StoredFile, start: number): Promise<Readable> {
  const filePath = path.resolve(root, file.storageKey)
  if (!isInside(root, filePath)) throw outsideStore()
  let handle
  try {
    // The real path too: a symbolic link inside the store must not lead out of it.
    const [real, realRoot] = await Promise.all([realpath(filePath), realpath(root)])
    if (!isInside(realRoot, real)) throw outsideStore()
    handle = await open(real, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw notFound(file)
    throw error
  }
  // The stream owns the handle and closes it when it ends or is destroyed.
  return handle.createReadStream({ start, highWaterMark: 256 * 1024 })
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

const outsideStore = () => new AppError('stored_file_outside_store', 'A local stored file must be under the upload store root.', 400)

async function openS3(file: StoredFile, start: number): Promise<Readable> {
  const storage = uploadStorage()
  const client = await uploadS3Client()
  if (storage.kind !== 's3' || !client) {
    throw new AppError('upload_store_not_configured', 'This file is in S3-compatible storage, and none is configured (S3_BUCKET).', 500)
  }
  const { GetObjectCommand, S3ServiceException } = await import('@aws-sdk/client-s3')
  try {
    const object = await client.send(
      new GetObjectCommand({ Bucket: storage.bucket, Key: file.storageKey, ...(start > 0 ? { Range: `bytes=${start}-` } : {}) }),
    )
    return object.Body as Readable
  } catch (error) {
    if (error instanceof S3ServiceException) {
      if (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404) throw notFound(file)
      // Asking for the bytes from the very end: there is nothing left to read.
      if (error.name === 'InvalidRange' || error.$metadata.httpStatusCode === 416) return Readable.from([])
    }
    throw error
  }
}

/**
 * A readable stream of a stored file from byte `start` to its end, from the
 * configured upload store: a file stream on local disk, a ranged GetObject
 * on S3. Nothing is buffered beyond the stream's own chunks.
 */
export async function openStoredFile(file: StoredFile): Promise<Readable> {
  const start = file.start ?? 0
  if (!Number.isSafeInteger(start) || start < 0) throw new AppError('invalid_offset', 'start must be a byte offset (0 or more).', 400)
  if (file.storage === 's3') return openS3(file, start)
  if (file.storage === 'local') return openLocal(localUploadRoot(), file, start)
  throw new AppError('unknown_storage', `Unknown storage "${file.storage}".`, 400)
}
