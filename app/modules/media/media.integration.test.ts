import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '~/modules/audit/actor'
import { prisma } from '~/utils/db.server'
import { loader as mediaLoader } from '~/routes/media.$id.$token'
import { createOrganization } from '../../../tests/support/factories'
import { PNG } from '../../../tests/support/images'
import { startS3Server, type S3Server } from '../../../tests/support/s3-server'
import { useLocalUploadStore, useS3UploadStore } from '../../../tests/support/upload-env'
import { MEDIA_MAX_BYTES } from './media-types'
import { storeMedia } from './store-media.server'


async function fetchMedia(id: string, token: string, headers: Record<string, string> = {}) {
  const request = new Request(`http://localhost/media/${id}/${token}`, { headers })
  return (await mediaLoader({ request, params: { id, token }, context: {} })) as Response
}

const pathOf = (url: string) => new URL(url).pathname.split('/').slice(2) as [string, string]

describe.each([{ store: 'local' as const }, { store: 's3' as const }])('MMS media on the $store store', ({ store }) => {
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

  it('stores an image by what its bytes are, serves it at its URL with its type and caching, and 404s a wrong token or id alike', async () => {
    const org = await createOrganization()
    const actor = systemActor('test', { organizationId: org.id })
    // Named like a GIF, sent as a PNG: the bytes decide.
    const { media, created } = await storeMedia({ organizationId: org.id, actor, bytes: PNG, filename: 'pixel.gif' })
    expect(created).toBe(true)
    expect(media).toMatchObject({ contentType: 'image/png', byteSize: PNG.length, filename: 'pixel.gif' })
    const row = await prisma.templateMedia.findUniqueOrThrow({ where: { id: media.id } })
    expect(row).toMatchObject({ storage: store, storageKey: `media/${org.id}/${media.id}` })
    expect(row.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(media.url).toMatch(new RegExp(`/media/${media.id}/${row.accessToken}$`))
    expect(await prisma.auditLog.count({ where: { organizationId: org.id, action: 'media.created', targetId: media.id } })).toBe(1)

    const [id, token] = pathOf(media.url)
    const served = await fetchMedia(id, token)
    expect(served.status).toBe(200)
    expect(served.headers.get('Content-Type')).toBe('image/png')
    expect(served.headers.get('Content-Length')).toBe(String(PNG.length))
    expect(served.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff')
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG)
    expect((await fetchMedia(id, token, { 'If-None-Match': served.headers.get('ETag')! })).status).toBe(304)

    // A token one character off, another image's token, an unknown id, a malformed one: the same bare 404.
    const other = await storeMedia({ organizationId: org.id, actor, bytes: Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]) })
    const [, otherToken] = pathOf(other.media.url)
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    for (const [i, t] of [[id, wrong], [id, otherToken], ['00000000-0000-4000-8000-000000000000', token], ['not-a-uuid', token], [id, '']] as const) {
      const answer = await fetchMedia(i, t)
      expect(answer.status, `${i}/${t}`).toBe(404)
      expect(await answer.text()).toBe('Not found')
    }
  })

  it('answers the same bytes with the image already stored, and refuses what is not a JPEG, PNG or GIF, or too large', async () => {
    const org = await createOrganization()
    const actor = systemActor('test', { organizationId: org.id })
    const first = await storeMedia({ organizationId: org.id, actor, bytes: PNG, filename: 'a.png' })
    const again = await storeMedia({ organizationId: org.id, actor, bytes: PNG, filename: 'b.png' })
    expect(again).toEqual({ media: first.media, created: false })
    // Another organization's copy of the same bytes is its own, with its own URL.
    const elsewhere = await createOrganization()
    const theirs = await storeMedia({ organizationId: elsewhere.id, actor: systemActor('test', { organizationId: elsewhere.id }), bytes: PNG })
    expect(theirs.created).toBe(true)
    expect(theirs.media.url).not.toBe(first.media.url)

    await expect(storeMedia({ organizationId: org.id, actor, bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), filename: 'logo.png' })).rejects.toMatchObject({
      code: 'unsupported_image',
      status: 422,
    })
    await expect(storeMedia({ organizationId: org.id, actor, bytes: Buffer.alloc(0) })).rejects.toMatchObject({ code: 'unsupported_image' })
    const huge = Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(MEDIA_MAX_BYTES)])
    await expect(storeMedia({ organizationId: org.id, actor, bytes: huge })).rejects.toMatchObject({ code: 'payload_too_large', status: 413 })
    expect(await prisma.templateMedia.count({ where: { organizationId: org.id } })).toBe(1)
  })
})
