import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { InngestTestEngine } from '@inngest/test'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createApiKeyFor } from '../../../tests/support/factories'
import { createTusUpload, patchChunk } from '../../../tests/support/tus'
import { useLocalUploadStore } from '../../../tests/support/upload-env'
import { sweepUploads } from './sweep-uploads'

let root: string
let restore: () => Promise<void>
beforeAll(async () => {
  ;({ root, restore } = await useLocalUploadStore())
})
afterAll(() => restore())

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600 * 1000)

describe('ingest-sweep-uploads', () => {
  it('deletes expired unfinished uploads (bytes and row, audited as the system), completes stranded ones, leaves the rest', async () => {
    const { key, organizationId } = await createApiKeyFor({ scopes: ['imports:write'] })

    const expired = await createTusUpload({ size: 100, key })
    await patchChunk({ id: expired, key, offset: 0, chunk: randomBytes(60) })
    await prisma.upload.update({ where: { id: expired }, data: { createdAt: hoursAgo(25), expiresAt: hoursAgo(1) } })

    // Every byte arrived an hour ago, then the process died before the hash.
    const strandedFile = randomBytes(80)
    const stranded = await createTusUpload({ size: 80, key })
    await patchChunk({ id: stranded, key, offset: 0, chunk: strandedFile })
    await prisma.upload.update({ where: { id: stranded }, data: { status: 'uploading', sha256: null, completedAt: null, createdAt: hoursAgo(1) } })

    const inProgress = await createTusUpload({ size: 100, key })
    await patchChunk({ id: inProgress, key, offset: 0, chunk: randomBytes(10) })

    const engine = new InngestTestEngine({ function: sweepUploads })
    const { result, ctx } = await engine.execute({ events: [{ name: 'ingest/uploads.sweep-requested', data: {} }] })

    expect(result).toEqual({ stranded: { checked: 1, completed: 1 }, expired: { deleted: 1, completed: 0 } })
    expect(ctx.step.run).toHaveBeenCalledWith('complete-stranded', expect.any(Function))
    expect(ctx.step.run).toHaveBeenCalledWith('delete-expired', expect.any(Function))

    expect(await prisma.upload.findUnique({ where: { id: expired } })).toBeNull()
    expect(existsSync(path.join(root, expired))).toBe(false)
    expect(existsSync(path.join(root, `${expired}.json`))).toBe(false)
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'upload.expired', targetId: expired } })
    expect(audit).toMatchObject({ organizationId, actorType: 'system', actorLabel: 'job:ingest-sweep-uploads' })

    expect(await prisma.upload.findUniqueOrThrow({ where: { id: stranded } })).toMatchObject({
      status: 'complete',
      sha256: createHash('sha256').update(strandedFile).digest('hex'),
    })
    expect(await prisma.upload.findUniqueOrThrow({ where: { id: inProgress } })).toMatchObject({ status: 'uploading' })
    expect(existsSync(path.join(root, inProgress))).toBe(true)
  })

  it('completes, not deletes, an expired upload whose bytes all arrived', async () => {
    const { key } = await createApiKeyFor({ scopes: ['imports:write'] })
    const id = await createTusUpload({ size: 20, key })
    await patchChunk({ id, key, offset: 0, chunk: randomBytes(20) })
    await prisma.upload.update({ where: { id }, data: { status: 'uploading', sha256: null, completedAt: null, createdAt: hoursAgo(30), expiresAt: hoursAgo(6) } })

    const { result } = await new InngestTestEngine({ function: sweepUploads }).execute({ events: [{ name: 'ingest/uploads.sweep-requested', data: {} }] })
    expect(result).toMatchObject({ expired: { deleted: 0, completed: 1 } })
    expect(await prisma.upload.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'complete' })
    expect(existsSync(path.join(root, id))).toBe(true)
  })

  it('is scheduled hourly', () => {
    expect(sweepUploads.opts.triggers).toContainEqual({ cron: '23 * * * *' })
  })
})
