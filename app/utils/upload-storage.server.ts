import path from 'node:path'
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3'
import type { DataStore } from '@tus/utils'
import { getEnv, type Env } from './env.server'

/**
 * Where uploaded files live: local disk under one root (`UPLOADS_DIR`,
 * default `DATA_DIR/uploads`), or an S3-compatible bucket when `S3_BUCKET`
 * is set. The tus server writes there; the import pipeline reads from there.
 * A file's `storageKey` is its tus upload id in both (a path under the root,
 * an object key in the bucket).
 */
export type UploadStorage =
  | { kind: 'local'; root: string }
  | { kind: 's3'; bucket: string; clientConfig: S3ClientConfig }

/** An upload that has not received its last byte this long after it began is deleted (docs/decisions/022). */
export const UPLOAD_EXPIRY_MS = 24 * 60 * 60 * 1000

/** The largest PATCH body the tus endpoint takes: it fits every serverless body limit (Vercel: 4.5 MB). */
export const UPLOAD_CHUNK_MAX_BYTES = 4 * 1024 * 1024

function localRoot(env: Env): string {
  return path.resolve(env.UPLOADS_DIR ?? path.join(env.DATA_DIR, 'uploads'))
}

export function uploadStorageFrom(env: Env): UploadStorage {
  if (!env.S3_BUCKET) return { kind: 'local', root: localRoot(env) }
  const clientConfig: S3ClientConfig = {
    region: env.S3_REGION ?? 'us-east-1',
    ...(env.S3_ENDPOINT
      ? {
          endpoint: env.S3_ENDPOINT,
          // Stores other than AWS (and older MinIO, s3rver) do not speak the SDK's default
          // streaming checksum trailers; send and check checksums only where S3 requires them.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    ...(env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY } }
      : {}),
  }
  return { kind: 's3', bucket: env.S3_BUCKET, clientConfig }
}

type Built = { env: Env; storage: UploadStorage; dataStore: Promise<DataStore>; s3: Promise<S3Client | null> }
let built: Built | undefined

// The stores (and the AWS SDK) load on first use, and only the configured one:
// a local install never loads the SDK. Rebuilt when the environment is re-read
// (tests switch stores with resetEnv()).
function current(): Built {
  const env = getEnv()
  if (built?.env === env) return built
  const storage = uploadStorageFrom(env)
  if (storage.kind === 'local') {
    const dataStore = import('@tus/file-store').then(
      ({ FileStore }) => new FileStore({ directory: storage.root, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS }),
    )
    built = { env, storage, dataStore, s3: Promise.resolve(null) }
  } else {
    const s3 = import('@aws-sdk/client-s3').then(({ S3Client }) => new S3Client(storage.clientConfig))
    const dataStore = import('@tus/s3-store').then(
      ({ S3Store }) =>
        new S3Store({ s3ClientConfig: { ...storage.clientConfig, bucket: storage.bucket }, expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS }),
    )
    built = { env, storage, dataStore, s3 }
  }
  return built
}

/** The configured store. */
export function uploadStorage(): UploadStorage {
  return current().storage
}

/** The local upload root, whichever store takes new uploads (files stored locally earlier stay readable). */
export function localUploadRoot(): string {
  return localRoot(getEnv())
}

/** The tus data store over the configured storage (one per process: it caches upload metadata). */
export function uploadDataStore(): Promise<DataStore> {
  return current().dataStore
}

/** The S3 client of the configured bucket; null when files are stored locally. */
export function uploadS3Client(): Promise<S3Client | null> {
  return current().s3
}

/** How many bytes of upload `id` the store holds, and of how many; null when the store has no such upload. */
export async function storedUploadProgress(id: string): Promise<{ offset: number; size: number | undefined } | null> {
  try {
    const upload = await (await uploadDataStore()).getUpload(id)
    return { offset: upload.offset, size: upload.size }
  } catch (error) {
    // tus stores throw { status_code: 404 | 410, body } for an upload they do not have (or no longer have).
    const status = (error as { status_code?: number }).status_code
    if (status === 404 || status === 410) return null
    throw error
  }
}
