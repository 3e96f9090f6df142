import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { callApi } from '../../tests/support/api-client'
import { createApiKeyFor, createOrganization } from '../../tests/support/factories'
import { PNG } from '../../tests/support/images'
import { useLocalUploadStore } from '../../tests/support/upload-env'

/**
 * The templates API: an external system writes the messages campaigns will
 * send, reads back each one's variants, segments and compliance lint,
 * changes and archives them, and never sees another organization's. Every
 * answer is checked against the OpenAPI document (callApi).
 */

type Lint = { code: string; severity: 'error' | 'warning'; message: string; detail?: string }
type Template = {
  id: string
  name: string
  body: string
  firstContact: boolean
  variants: number
  longest: { text: string; encoding: string; segments: number; characters: number }
  lint: Lint[]
  createdBy: string
  archivedAt: string | null
  kind: 'sms' | 'mms'
  media: Media | null
}
type Media = { id: string; contentType: string; byteSize: number; sha256: string; filename: string | null; url: string }
type ApiError = { error: { code: string; message: string; details?: { fields?: { path: string; message: string }[] } } }

const GOOD = '{Hi|Hello} {first_name|there}, this is {sender_name} with {company_name}. Still thinking of selling {property_address}? Reply STOP to opt out.'

async function organization(scopes = ['campaigns:read', 'campaigns:write']) {
  const org = await createOrganization({ environment: 'sandbox' })
  const { key } = await createApiKeyFor({ organizationId: org.id, scopes })
  return { org, key }
}

describe('the templates API', () => {
  it('creates a template and answers its variants, longest message, segments and a clean lint; the change is audited', async () => {
    const { org, key } = await organization()
    const created = await callApi<{ template: Template }>({ method: 'POST', path: '/api/v1/templates', key, json: { name: 'Seller intro', body: GOOD } })
    expect(created.status).toBe(201)
    expect(created.headers.get('Location')).toBe(`/api/v1/templates/${created.body.template.id}`)
    expect(created.body.template).toMatchObject({
      name: 'Seller intro',
      firstContact: true,
      variants: 2,
      longest: { text: 'Hello Dana, this is Sam with Lone Star Homes. Still thinking of selling 12 Oak St? Reply STOP to opt out.', encoding: 'GSM-7', segments: 1 },
      lint: [],
      archivedAt: null,
    })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { organizationId: org.id, action: 'template.created' } })
    expect(audit).toMatchObject({ targetType: 'template', targetId: created.body.template.id })
  })

  it('lints what carriers filter and what the law asks of a first contact, and counts the segments a curly quote costs', async () => {
    const { key } = await organization()
    const body = 'Hey {first_name}, it’s time to sell! See bit.ly/cash-offer'
    const created = await callApi<{ template: Template }>({ method: 'POST', path: '/api/v1/templates', key, json: { name: 'Risky', body } })
    expect(created.status).toBe(201)
    const codes = created.body.template.lint.map((i) => [i.code, i.severity])
    expect(codes).toEqual(
      expect.arrayContaining([
        ['no_opt_out_language', 'error'],
        ['url_shortener', 'error'],
        ['no_sender_identification', 'warning'],
        ['forces_ucs2', 'warning'],
      ]),
    )
    expect(created.body.template.longest.encoding).toBe('UCS-2')
    // The same text as a follow-up needs no opt-out language nor sender name.
    const followUp = await callApi<{ template: Template }>({ method: 'POST', path: '/api/v1/templates', key, json: { name: 'Risky follow-up', body, firstContact: false } })
    expect(followUp.body.template.lint.map((i) => i.code).sort()).toEqual(['forces_ucs2', 'url_shortener'])
  })

  it('refuses braces that do not parse and a taken name, each with its reason, and stores nothing', async () => {
    const { org, key } = await organization()
    const broken = await callApi<ApiError>({ method: 'POST', path: '/api/v1/templates', key, json: { name: 'Broken', body: 'Hi {frist_name}, {Hi|} Reply STOP' } })
    expect(broken.status).toBe(400)
    expect(broken.body.error.code).toBe('invalid_body')
    const messages = broken.body.error.details?.fields?.map((f) => `${f.path}: ${f.message}`).join('\n') ?? ''
    expect(messages).toMatch(/body: .*frist_name/)
    expect(messages).toMatch(/body: .*empty/i)
    const empty = await callApi<ApiError>({ method: 'POST', path: '/api/v1/templates', key, json: { name: ' ', body: GOOD } })
    expect(empty.status).toBe(400)
    expect(empty.body.error.details?.fields?.map((f) => f.path)).toEqual(['name'])
    expect(await prisma.messageTemplate.count({ where: { organizationId: org.id } })).toBe(0)

    expect((await callApi({ method: 'POST', path: '/api/v1/templates', key, json: { name: 'Intro', body: GOOD } })).status).toBe(201)
    const taken = await callApi<ApiError>({ method: 'POST', path: '/api/v1/templates', key, json: { name: 'Intro', body: GOOD } })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('template_name_taken')
    expect(await prisma.messageTemplate.count({ where: { organizationId: org.id } })).toBe(1)
  })

  it('lists a page at a time, changes and archives a template (archived ones listed apart and frozen), and keeps organizations apart', async () => {
    const { key } = await organization()
    const ids: string[] = []
    for (let i = 1; i <= 3; i++) {
      const created = await callApi<{ template: Template }>({ method: 'POST', path: '/api/v1/templates', key, json: { name: `Template ${i}`, body: GOOD } })
      ids.push(created.body.template.id)
    }
    const first = await callApi<{ data: Template[]; nextCursor: string | null }>({ path: '/api/v1/templates?limit=2', key })
    expect(first.status).toBe(200)
    expect(first.body.data.map((t) => t.name)).toEqual(['Template 3', 'Template 2'])
    const second = await callApi<{ data: Template[]; nextCursor: string | null }>({ path: `/api/v1/templates?limit=2&cursor=${first.body.nextCursor}`, key })
    expect(second.body).toMatchObject({ data: [{ name: 'Template 1' }], nextCursor: null })

    const changed = await callApi<{ template: Template }>({
      method: 'PUT',
      path: `/api/v1/templates/${ids[0]}`,
      key,
      json: { name: 'Renamed', body: 'Following up on {property_address}.', firstContact: false },
    })
    expect(changed.status).toBe(200)
    expect(changed.body.template).toMatchObject({ name: 'Renamed', firstContact: false, variants: 1, lint: [] })
    const archived = await callApi<{ template: Template }>({ method: 'DELETE', path: `/api/v1/templates/${ids[0]}`, key })
    expect(archived.status).toBe(200)
    expect(archived.body.template.archivedAt).toEqual(expect.any(String))
    const again = await callApi<{ template: Template }>({ method: 'DELETE', path: `/api/v1/templates/${ids[0]}`, key })
    expect(again.body.template.archivedAt).toBe(archived.body.template.archivedAt)
    expect(await prisma.auditLog.count({ where: { action: 'template.archived', targetId: ids[0] } })).toBe(1)
    const frozen = await callApi<ApiError>({ method: 'PUT', path: `/api/v1/templates/${ids[0]}`, key, json: { name: 'Again', body: GOOD } })
    expect(frozen.status).toBe(409)
    expect(frozen.body.error.code).toBe('template_archived')
    const inUse = await callApi<{ data: Template[] }>({ path: '/api/v1/templates', key })
    expect(inUse.body.data.map((t) => t.id)).not.toContain(ids[0])
    const archivedList = await callApi<{ data: Template[] }>({ path: '/api/v1/templates?archived=true', key })
    expect(archivedList.body.data.map((t) => t.id)).toEqual([ids[0]])

    const other = await organization()
    const foreign = await callApi<ApiError>({ path: `/api/v1/templates/${ids[1]}`, key: other.key })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('template_not_found')
    expect((await callApi({ method: 'DELETE', path: `/api/v1/templates/${ids[1]}`, key: other.key })).status).toBe(404)
    expect((await callApi<{ data: Template[] }>({ path: '/api/v1/templates', key: other.key })).body.data).toEqual([])
  })

  it('needs campaigns:read to read and campaigns:write to change', async () => {
    const { key: reader } = await organization(['campaigns:read'])
    expect((await callApi({ path: '/api/v1/templates', key: reader })).status).toBe(200)
    expect((await callApi({ method: 'POST', path: '/api/v1/templates', key: reader, json: { name: 'No', body: GOOD } })).status).toBe(403)
    const { key: none } = await organization(['messages:read'])
    expect((await callApi({ path: '/api/v1/templates', key: none })).status).toBe(403)
  })

  describe('with an image (MMS)', () => {
    let restore: () => Promise<void>
    beforeAll(async () => {
      restore = (await useLocalUploadStore()).restore
    })
    afterAll(() => restore())

    const upload = (key: string, bytes: Buffer, name = 'pixel.png', type = 'image/png') => {
      const form = new FormData()
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), name)
      return callApi<{ media: Media } & ApiError>({ method: 'POST', path: '/api/v1/media', key, form })
    }

    it('uploads an image, makes a template an MMS with it (one message, no segment warnings, the body lint kept), and takes it off with a PUT without it', async () => {
      const { key } = await organization()
      const stored = await upload(key, PNG, 'open-house.jpg', 'application/octet-stream')
      expect(stored.status).toBe(201)
      expect(stored.body.media).toMatchObject({ contentType: 'image/png', byteSize: PNG.length, filename: 'open-house.jpg' })
      expect(stored.headers.get('Location')).toBe(`/api/v1/media/${stored.body.media.id}`)
      const again = await upload(key, PNG)
      expect(again.status).toBe(200)
      expect(again.body.media.id).toBe(stored.body.media.id)
      expect((await callApi<{ media: Media }>({ path: `/api/v1/media/${stored.body.media.id}`, key })).body.media).toEqual(stored.body.media)

      // Long, with a curly apostrophe and no opt-out: as an MMS only the opt-out is still said.
      const body = `Hi {first_name}, it’s {sender_name} with {company_name}. ${'Come see the open house this weekend. '.repeat(6)}`
      const created = await callApi<{ template: Template }>({ method: 'POST', path: '/api/v1/templates', key, json: { name: 'Open house', body, mediaId: stored.body.media.id } })
      expect(created.status).toBe(201)
      expect(created.body.template).toMatchObject({ kind: 'mms', media: stored.body.media, longest: { segments: 1, encoding: 'UCS-2' } })
      expect(created.body.template.lint.map((i) => i.code)).toEqual(['no_opt_out_language'])
      const id = created.body.template.id
      expect(await prisma.messageTemplate.findUniqueOrThrow({ where: { id } })).toMatchObject({ mediaId: stored.body.media.id })

      const plain = await callApi<{ template: Template }>({ method: 'PUT', path: `/api/v1/templates/${id}`, key, json: { name: 'Open house', body } })
      expect(plain.status).toBe(200)
      expect(plain.body.template).toMatchObject({ kind: 'sms', media: null })
      expect(plain.body.template.longest.segments).toBeGreaterThan(3)
      expect(plain.body.template.lint.map((i) => i.code)).toEqual(expect.arrayContaining(['forces_ucs2', 'too_long']))
      const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'template.updated', targetId: id } })
      expect(audit.summary).toMatchObject({ changed: ['mediaId'] })
    })

    it('refuses a file that is not a JPEG, PNG or GIF whatever its name, and another organization’s image', async () => {
      const { key } = await organization()
      const fake = await upload(key, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'logo.png')
      expect(fake.status).toBe(422)
      expect(fake.body.error.code).toBe('unsupported_image')

      const other = await organization()
      const theirs = await upload(other.key, PNG)
      const refused = await callApi<ApiError>({ method: 'POST', path: '/api/v1/templates', key, json: { name: 'Borrowed', body: GOOD, mediaId: theirs.body.media.id } })
      expect(refused.status).toBe(404)
      expect(refused.body.error.code).toBe('media_not_found')
      expect((await callApi<ApiError>({ path: `/api/v1/media/${theirs.body.media.id}`, key })).status).toBe(404)
    })
  })
})
