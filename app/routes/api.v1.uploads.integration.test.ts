import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { resetEnv } from '~/utils/env.server'
import { UPLOAD_CHUNK_MAX_BYTES } from '~/utils/upload-storage.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createUser, sessionCookieFor } from '../../tests/support/factories'
import { asOwner } from '../../tests/support/owner-database'
import { createTusUpload, patchChunk, tus, uploadMetadata } from '../../tests/support/tus'
import { useLocalUploadStore } from '../../tests/support/upload-env'

let root: string
let restore: () => Promise<void>
beforeAll(async () => {
  ;({ root, restore } = await useLocalUploadStore())
})
afterAll(() => restore())

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function uploadWhole(options: { key: string; file: Uint8Array; filename?: string }) {
  const id = await createTusUpload({ size: options.file.length, key: options.key, filename: options.filename })
  const response = await patchChunk({ id, key: options.key, offset: 0, chunk: options.file })
  expect(response.status).toBe(204)
  return id
}

describe('OPTIONS /api/v1/uploads', () => {
  it('tells any client what the server supports, without a key', async () => {
    const response = await tus({ method: 'OPTIONS' })
    expect(response.status).toBe(204)
    expect(response.headers.get('tus-version')).toBe('1.0.0')
    expect(response.headers.get('tus-max-size')).toBe(String(2 * 1024 ** 3))
    expect(response.headers.get('tus-extension')?.split(',')).toEqual(expect.arrayContaining(['creation', 'termination', 'expiration']))
    expect((await tus({ method: 'OPTIONS', id: 'anything' })).status).toBe(204)
  })
})

describe('who may upload', () => {
  it('refuses a caller with neither key nor session, and a key without imports:write', async () => {
    const anonymous = await tus({ method: 'POST', headers: { 'Upload-Length': '10' } })
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).error.code).toBe('missing_api_key')

    const { key } = await createApiKeyFor({ scopes: ['leads:read'] })
    const wrongScope = await tus({ method: 'POST', key, headers: { 'Upload-Length': '10' } })
    expect(wrongScope.status).toBe(403)
    expect((await wrongScope.json()).error).toMatchObject({ code: 'insufficient_scope', details: { requiredScope: 'imports:write' } })
    expect(await prisma.upload.count()).toBe(0)
  })

  it('takes a key with imports:write, records the upload for its organization, audited, with rate-limit headers', async () => {
    const { key, apiKey, organizationId } = await createApiKeyFor({ scopes: ['imports:write'] })
    const response = await tus({
      method: 'POST',
      key,
      headers: { 'Upload-Length': '1234', 'Upload-Metadata': uploadMetadata({ filename: 'owners.csv' }) },
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('tus-resumable')).toBe('1.0.0')
    expect(response.headers.get('ratelimit-limit')).toBe('600')
    const location = response.headers.get('location')!
    expect(location).toMatch(/^\/api\/v1\/uploads\/[0-9a-f]{32}$/)
    const id = location.split('/').pop()!
    const row = await prisma.upload.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ organizationId, filename: 'owners.csv', byteSize: 1234n, status: 'uploading', storage: 'local', storageKey: id, createdByApiKeyId: apiKey.id, sha256: null })
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(23 * 3600 * 1000)
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'upload.created', targetId: id } })
    expect(audit).toMatchObject({ organizationId, actorType: 'api_key', actorId: apiKey.id })
    expect(existsSync(path.join(root, id))).toBe(true)
  })

  it('takes a signed-in user who may import, from our own pages only', async () => {
    const admin = await createUser({ role: 'admin' })
    const cookie = await sessionCookieFor(admin.id)
    const created = await tus({ method: 'POST', cookie, headers: { 'Upload-Length': '3' } })
    expect(created.status).toBe(201)
    const id = created.headers.get('location')!.split('/').pop()!
    expect(await prisma.upload.findUniqueOrThrow({ where: { id } })).toMatchObject({ organizationId: admin.organizationId, createdByUserId: admin.id })

    const crossSite = await tus({ method: 'POST', cookie, headers: { 'Upload-Length': '3', 'Sec-Fetch-Site': 'cross-site' } })
    expect(crossSite.status).toBe(403)
    expect((await crossSite.json()).error.code).toBe('cross_site_request')
    for (const method of ['PATCH', 'DELETE'] as const) {
      const refused = await tus({ method, id, cookie, headers: { 'Sec-Fetch-Site': 'cross-site', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: new Uint8Array(3) })
      expect([method, refused.status, (await refused.json()).error.code]).toEqual([method, 403, 'cross_site_request'])
    }
    expect(await prisma.upload.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'uploading' })
  })

  it('refuses a signed-in user whose role may not import', async () => {
    // Take the grant from operators in this file's database (roles' grants are cached a minute: no other test here uses an operator).
    await asOwner((db) =>
      db.query(`DELETE FROM role_permissions rp USING permissions p WHERE rp.permission_id = p.id AND rp.role = 'operator' AND p.action = 'write' AND p.entity = 'lead'`),
    )
    const operator = await createUser({ role: 'operator' })
    const response = await tus({ method: 'POST', cookie: await sessionCookieFor(operator.id), headers: { 'Upload-Length': '3' } })
    expect(response.status).toBe(403)
    expect((await response.json()).error.code).toBe('forbidden')
  })
})

describe('an upload belongs to one organization', () => {
  it('is a 404 on every method for another organization, and stays untouched', async () => {
    const owner = await createApiKeyFor({ scopes: ['imports:write'] })
    const other = await createApiKeyFor({ scopes: ['imports:write'] })
    const id = await createTusUpload({ size: 10, key: owner.key })

    const attempts = [
      await tus({ method: 'HEAD', id, key: other.key }),
      await tus({ method: 'GET', id, key: other.key }),
      await patchChunk({ id, key: other.key, offset: 0, chunk: randomBytes(10) }),
      await tus({ method: 'DELETE', id, key: other.key }),
    ]
    expect(attempts.map((r) => r.status)).toEqual([404, 404, 404, 404])
    expect((await attempts[1]!.json()).error.code).toBe('upload_not_found')
    expect((await tus({ method: 'HEAD', id, key: owner.key })).headers.get('upload-offset')).toBe('0')
    expect(await prisma.upload.findUnique({ where: { id } })).not.toBeNull()
  })
})

describe('chunks and sizes', () => {
  it('refuses a chunk over 4 MB with 413 before reading it, and one without a Content-Length with 411', async () => {
    const { key } = await createApiKeyFor({ scopes: ['imports:write'] })
    const id = await createTusUpload({ size: UPLOAD_CHUNK_MAX_BYTES + 10, key })

    const tooLarge = await patchChunk({ id, key, offset: 0, chunk: randomBytes(UPLOAD_CHUNK_MAX_BYTES + 1) })
    expect(tooLarge.status).toBe(413)
    expect((await tooLarge.json()).error).toMatchObject({ code: 'chunk_too_large', details: { maxChunkBytes: UPLOAD_CHUNK_MAX_BYTES } })

    const unsized = await patchChunk({ id, key, offset: 0, chunk: new Blob([randomBytes(10)]).stream() })
    expect(unsized.status).toBe(411)
    expect((await tus({ method: 'HEAD', id, key })).headers.get('upload-offset')).toBe('0')

    const exactly = await patchChunk({ id, key, offset: 0, chunk: randomBytes(UPLOAD_CHUNK_MAX_BYTES) })
    expect(exactly.status).toBe(204)
    expect(exactly.headers.get('upload-offset')).toBe(String(UPLOAD_CHUNK_MAX_BYTES))
  })

  it('streams a chunk into the store as it arrives, not after holding it whole', async () => {
    const { key } = await createApiKeyFor({ scopes: ['imports:write'] })
    const chunk = randomBytes(UPLOAD_CHUNK_MAX_BYTES)
    const id = await createTusUpload({ size: chunk.length, key })
    const half = chunk.length / 2
    let sawFirstHalfOnDisk = false
    // The second half is sent only once the first is on disk: a server that read the whole body first would wait forever.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!sawFirstHalfOnDisk) {
          controller.enqueue(chunk.subarray(0, half))
          for (let attempt = 0; attempt < 500 && !sawFirstHalfOnDisk; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, 10))
            sawFirstHalfOnDisk = (await stat(path.join(root, id))).size >= half
          }
          if (!sawFirstHalfOnDisk) controller.error(new Error('the first half never reached the store'))
          return
        }
        controller.enqueue(chunk.subarray(half))
        controller.close()
      },
    })
    const response = await patchChunk({ id, key, offset: 0, chunk: body, length: chunk.length })
    expect(sawFirstHalfOnDisk).toBe(true)
    expect(response.status).toBe(204)
    expect(await prisma.upload.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'complete', sha256: sha256(chunk) })
  })

  it('refuses a file over UPLOAD_MAX_BYTES, and a deferred length', async () => {
    const { key, organizationId } = await createApiKeyFor({ scopes: ['imports:write'] })
    process.env.UPLOAD_MAX_BYTES = '1000'
    resetEnv()
    try {
      expect((await tus({ method: 'POST', key, headers: { 'Upload-Length': '1001' } })).status).toBe(413)
      expect((await tus({ method: 'POST', key, headers: { 'Upload-Length': '1000' } })).status).toBe(201)
    } finally {
      delete process.env.UPLOAD_MAX_BYTES
      resetEnv()
    }
    const deferred = await tus({ method: 'POST', key, headers: { 'Upload-Defer-Length': '1' } })
    expect(deferred.status).toBe(400)
    expect(await deferred.text()).toMatch(/Upload-Length/)
    expect((await prisma.upload.findMany({ where: { organizationId } })).map((u) => u.byteSize)).toEqual([1000n])
  })
})

describe('tus errors', () => {
  it('come in the API error shape, with a code per failure', async () => {
    const { key } = await createApiKeyFor({ scopes: ['imports:write'] })
    const id = await createTusUpload({ size: 20, key })
    const wrongOffset = await patchChunk({ id, key, offset: 5, chunk: randomBytes(5) })
    expect(wrongOffset.status).toBe(409)
    expect((await wrongOffset.json()).error).toMatchObject({ code: 'upload_offset_mismatch' })

    const pastTheEnd = await patchChunk({ id, key, offset: 0, chunk: randomBytes(21) })
    expect(pastTheEnd.status).toBe(413)
    expect((await pastTheEnd.json()).error.code).toBe('upload_too_large')

    const oldVersion = await tus({ method: 'DELETE', id, key, headers: { 'Tus-Resumable': '0.2.2' } })
    expect(oldVersion.status).toBe(400)
    expect(oldVersion.headers.get('content-type')).toMatch(/^application\/json/)
    expect((await oldVersion.json()).error.code).toBe('invalid_upload_request')
  })
})

describe('a complete upload', () => {
  it('carries its SHA-256 and says whether the organization imported the same file before', async () => {
    const { key, organizationId } = await createApiKeyFor({ scopes: ['imports:write'] })
    const file = randomBytes(5000)
    const id = await uploadWhole({ key, file, filename: 'march.csv' })

    const first = await callApi<{ upload: unknown }>({ path: `/api/v1/uploads/${id}`, key })
    expect(first.status).toBe(200)
    expect(first.body.upload).toMatchObject({ id, filename: 'march.csv', status: 'complete', byteSize: 5000, receivedBytes: 5000, sha256: sha256(file), previousImport: null })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'upload.completed', targetId: id } })
    expect(audit.summary).toMatchObject({ sha256: sha256(file), byteSize: 5000 })

    const earlier = await prisma.importFile.create({
      data: { organizationId, filename: 'february.csv', byteSize: 5000n, sha256: sha256(file), storage: 'local', storageKey: 'x', class: 'universe', status: 'completed' },
    })
    const again = await uploadWhole({ key, file, filename: 'march-again.csv' })
    const body = (await callApi<{ upload: { previousImport: unknown } }>({ path: `/api/v1/uploads/${again}`, key })).body.upload
    expect(body.previousImport).toEqual({ importFileId: earlier.id, filename: 'february.csv', status: 'completed', createdAt: earlier.createdAt.toISOString() })
  })

  it('gets its hash on the next HEAD when the process died between the last byte and the hash', async () => {
    const { key } = await createApiKeyFor({ scopes: ['imports:write'] })
    const file = randomBytes(3000)
    const id = await uploadWhole({ key, file })
    // What a crash right after the last PATCH leaves: every byte stored, no hash.
    await prisma.upload.update({ where: { id }, data: { status: 'uploading', sha256: null, completedAt: null } })

    // GET only reads: every byte is there, the hash is not yet.
    const before = (await (await tus({ method: 'GET', id, key })).json()).upload
    expect(before).toMatchObject({ status: 'uploading', receivedBytes: 3000, sha256: null })
    expect(await prisma.upload.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'uploading' })

    const head = await tus({ method: 'HEAD', id, key })
    expect(head.status).toBe(200)
    expect(head.headers.get('upload-offset')).toBe('3000')
    expect(await prisma.upload.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'complete', sha256: sha256(file) })
  })

  it('cannot be deleted (it may be an import source); an unfinished one can, bytes and row, audited', async () => {
    const { key, organizationId } = await createApiKeyFor({ scopes: ['imports:write'] })
    const done = await uploadWhole({ key, file: randomBytes(100) })
    expect((await tus({ method: 'DELETE', id: done, key })).status).toBe(400)
    expect(await prisma.upload.findUnique({ where: { id: done } })).not.toBeNull()
    expect(existsSync(path.join(root, done))).toBe(true)

    const unfinished = await createTusUpload({ size: 100, key })
    await patchChunk({ id: unfinished, key, offset: 0, chunk: randomBytes(40) })
    expect((await tus({ method: 'DELETE', id: unfinished, key })).status).toBe(204)
    expect(await prisma.upload.findUnique({ where: { id: unfinished } })).toBeNull()
    expect(existsSync(path.join(root, unfinished))).toBe(false)
    expect(await prisma.auditLog.findFirst({ where: { action: 'upload.deleted', targetId: unfinished, organizationId } })).not.toBeNull()
    expect((await tus({ method: 'HEAD', id: unfinished, key })).status).toBe(404)
  })
})
