import { createHash } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { openStoredFile, type StoredFile } from './upload-store.server'

/** SHA-256 (hex) and length of a stored file, streamed back from the store: never held in memory. */
export async function hashStoredFile(file: Omit<StoredFile, 'start'>): Promise<{ sha256: string; byteSize: number }> {
  const hash = createHash('sha256')
  let byteSize = 0
  await pipeline(await openStoredFile(file), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      byteSize += chunk.length
      hash.update(chunk)
    }
  })
  return { sha256: hash.digest('hex'), byteSize }
}
