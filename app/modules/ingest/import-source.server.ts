import { createReadStream } from 'node:fs'
import { realpath } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { AppError } from '~/utils/app-error'
import { getEnv } from '~/utils/env.server'

/**
 * The bytes of an import's file from `start` on, as a stream. Storage `local`
 * is the upload store on disk (UPLOADS_DIR, else DATA_DIR/uploads): the key
 * is a path relative to its root, or an absolute path under it; a key that
 * leads outside the root, through `..` or a symbolic link, is refused. The
 * uploads slice adds S3-compatible storage here.
 */
export async function openImportSource({
  storage,
  storageKey,
  start = 0,
}: {
  storage: string
  storageKey: string
  start?: number
}): Promise<Readable> {
  if (storage !== 'local') {
    throw new AppError('import_source_unsupported', `Files kept in "${storage}" storage cannot be read here.`, 500)
  }
  const file = await localUploadPath(storageKey)
  const stream = createReadStream(file, { start, highWaterMark: 256 * 1024 })
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', reject)
  })
  return stream
}

function uploadsRoot(): string {
  const env = getEnv()
  return path.resolve(env.UPLOADS_DIR ?? path.join(env.DATA_DIR, 'uploads'))
}

async function localUploadPath(storageKey: string): Promise<string> {
  const root = uploadsRoot()
  const requested = path.resolve(root, storageKey)
  if (!isInside(root, requested)) throw outsideStore()
  let real: string
  let realRoot: string
  try {
    ;[real, realRoot] = await Promise.all([realpath(requested), realpath(root)])
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new AppError('import_source_missing', 'The uploaded file is no longer in the upload store.', 410)
    }
    throw error
  }
  if (!isInside(realRoot, real)) throw outsideStore()
  return real
}

const isInside = (root: string, candidate: string) => {
  const relative = path.relative(root, candidate)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

const outsideStore = () => new AppError('import_source_outside_store', 'The file is not in the upload store.', 400)
