import { createHash, randomBytes } from 'node:crypto'
import { text } from 'node:stream/consumers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createApiKeyFor } from '../../../tests/support/factories'
import { startS3Server, type S3Server } from '../../../tests/support/s3-server'
import { createTusUpload, interruptedBody, patchChunk, tus } from '../../../tests/support/tus'
import { useLocalUploadStore, useS3UploadStore } from '../../../tests/support/upload-env'
import { openStoredFile } from './upload-store.server'

const MiB = 1024 * 1024
const CHUNK = 4 * MiB

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of stream) parts.push(part)
  return Buffer.concat(parts)
}

/**
 * The same story on both stores, through the tus endpoint with real
 * requests: a file in several 4 MB chunks, the connection cut in the middle
 * of one, HEAD says where to go on, the rest follows from there; the stored
 * file hashes to the file's SHA-256 and reads back from any byte offset.
 */
describe.each([
  { store: 'local' as const },
  { store: 's3' as const },
])('uploads on the $store store', ({ store }) => {
  let s3: S3Server | undefined
  let restore: () => Promise<void> | void

  beforeAll(async () => {
    if (store === 's3') {
      s3 = await startS3Server()
      restore = useS3UploadStore(s3.env).restore
    } else {
      restore = (await useLocalUploadStore()).restore
    }
  })
  afterAll(async () => {
    await restore()
    await s3?.stop()
  })

  it('resumes an interrupted upload from what the store holds, and reads the file back by range', async () => {
    const { key } = await createApiKeyFor({ scopes: ['imports:write'] })
    const file = randomBytes(10 * MiB + 123)
    const id = await createTusUpload({ size: file.length, filename: 'vendor.csv', key })

    for (const offset of [0, CHUNK]) {
      const response = await patchChunk({ id, key, offset, chunk: file.subarray(offset, offset + CHUNK) })
      expect(response.status).toBe(204)
      expect(response.headers.get('upload-offset')).toBe(String(offset + CHUNK))
    }

    // The third chunk: its connection drops after 1 MiB.
    const cut = await patchChunk({
      id,
      key,
      offset: 2 * CHUNK,
      chunk: interruptedBody(file.subarray(2 * CHUNK, 2 * CHUNK + MiB)),
      length: file.length - 2 * CHUNK,
    })
    expect(cut.status).not.toBe(204)

    const head = await tus({ method: 'HEAD', id, key })
    expect(head.status).toBe(200)
    expect(head.headers.get('upload-length')).toBe(String(file.length))
    const resumeAt = Number(head.headers.get('upload-offset'))
    // Nothing acknowledged is lost, nothing that never arrived is counted.
    expect(resumeAt).toBeGreaterThanOrEqual(2 * CHUNK)
    expect(resumeAt).toBeLessThanOrEqual(2 * CHUNK + MiB)

    const rest = await patchChunk({ id, key, offset: resumeAt, chunk: file.subarray(resumeAt) })
    expect(rest.status).toBe(204)
    expect(rest.headers.get('upload-offset')).toBe(String(file.length))

    const row = await prisma.upload.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({
      status: 'complete',
      storage: store,
      storageKey: id,
      filename: 'vendor.csv',
      byteSize: BigInt(file.length),
      sha256: createHash('sha256').update(file).digest('hex'),
    })

    const from = 5 * MiB + 7
    expect((await readAll(await openStoredFile({ storage: store, storageKey: id, start: from }))).equals(file.subarray(from))).toBe(true)
    expect((await readAll(await openStoredFile({ storage: store, storageKey: id }))).equals(file)).toBe(true)
    expect(await text(await openStoredFile({ storage: store, storageKey: id, start: file.length }))).toBe('')
  })

  it('says a stored file that is not there is not found', async () => {
    await expect(openStoredFile({ storage: store, storageKey: 'no-such-upload' })).rejects.toMatchObject({ code: 'stored_file_not_found', status: 404 })
  })
})
