import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { createOrganization, createUser, sessionCookieFor } from '../../tests/support/factories'
import { createLandedImport, createVertical, fixtureCsv } from '../../tests/support/landed-import'
import { runExtraction } from '../../tests/support/run-extraction'
import { action as importAction, loader as importLoader } from './_app.imports.$id._index'
import { loader as csvLoader } from './_app.imports.$id.errors[.]csv'
import { action as mappingAction, loader as mappingLoader } from './_app.imports.$id.mapping'
import { loader as listLoader } from './_app.imports._index'
import { action as uploadAction } from './_app.imports.upload'

function get(path: string, cookie?: string) {
  return new Request(`http://localhost${path}`, { headers: cookie ? { cookie } : {} })
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}

async function outcome(promise: Promise<unknown>): Promise<{ status: number; body: unknown; headers?: Headers }> {
  try {
    const value = await promise
    if (value instanceof Response) return { status: value.status, body: null, headers: value.headers }
    if (value && typeof value === 'object' && 'init' in value && 'data' in value) {
      const d = value as { init?: { status?: number }; data: unknown }
      return { status: d.init?.status ?? 200, body: d.data }
    }
    return { status: 200, body: value }
  } catch (error) {
    if (error instanceof Response) return { status: error.status, body: null, headers: error.headers }
    throw error
  }
}

async function signedIn(role: 'admin' | 'operator' = 'operator', organizationId?: string) {
  const org = organizationId ? { id: organizationId } : await createOrganization()
  const user = await createUser({ role, organizationId: org.id })
  return { org, user, cookie: await sessionCookieFor(user.id) }
}

async function completedImport(organizationId: string) {
  const vertical = await createVertical(organizationId, `v${randomBytes(2).toString('hex')}`)
  const { header, rows } = fixtureCsv('property-export-60.csv')
  const importFile = await createLandedImport({ organizationId, header, rows, verticalId: vertical.id })
  await runExtraction(importFile.id)
  return importFile
}

async function pausedImport(organizationId: string) {
  const { header, rows } = fixtureCsv('property-export-60.csv')
  const importFile = await createLandedImport({ organizationId, header, rows, class: 'enrichment' })
  await prisma.importFile.update({ where: { id: importFile.id }, data: { status: 'paused' } })
  return importFile
}

describe('the imports pages', () => {
  it('send a visitor to sign in, and keep every page and download of an import to its organization (404 for others)', async () => {
    const { org } = await signedIn()
    const theirs = await completedImport(org.id)
    for (const [loader, path] of [
      [listLoader, '/imports'],
      [importLoader, `/imports/${theirs.id}`],
      [mappingLoader, `/imports/${theirs.id}/mapping`],
    ] as const) {
      expect((await outcome(loader({ request: get(path), params: { id: theirs.id }, context: {} }))).status, path).toBe(302)
    }
    const stranger = await signedIn()
    const params = { id: theirs.id }
    expect((await outcome(importLoader({ request: get(`/imports/${theirs.id}`, stranger.cookie), params, context: {} }))).status).toBe(404)
    expect((await outcome(mappingLoader({ request: get(`/imports/${theirs.id}/mapping`, stranger.cookie), params, context: {} }))).status).toBe(404)
    expect((await outcome(csvLoader({ request: get(`/imports/${theirs.id}/errors.csv`, stranger.cookie), params, context: {} }))).status).toBe(404)
    expect((await outcome(importLoader({ request: get('/imports/not-a-uuid', stranger.cookie), params: { id: 'not-a-uuid' }, context: {} }))).status).toBe(404)
    const list = await outcome(listLoader({ request: get('/imports', stranger.cookie), params: {}, context: {} }))
    expect((list.body as { items: unknown[] }).items).toEqual([])
    // Nor can they act on it.
    const paused = await pausedImport(org.id)
    const refused = await outcome(importAction({ request: post(`/imports/${paused.id}`, stranger.cookie, { intent: 'cancel' }), params: { id: paused.id }, context: {} }))
    expect(refused.status).toBe(404)
    expect((await prisma.importFile.findUniqueOrThrow({ where: { id: paused.id } })).status).toBe('paused')
    const mapping = await outcome(mappingAction({ request: post(`/imports/${theirs.id}/mapping`, stranger.cookie, { intent: 'reextract', 'slots.phone--1': 'Phone 1' }), params, context: {} }))
    expect(mapping.status).toBe(404)
    expect(await prisma.importExtraction.count({ where: { importFileId: theirs.id } })).toBe(1)
  })

  it('list the organization’s imports, and show one with its stages, counts and row errors', async () => {
    const { org, cookie } = await signedIn()
    const file = await completedImport(org.id)
    const list = await outcome(listLoader({ request: get('/imports', cookie), params: {}, context: {} }))
    expect((list.body as { items: { id: string; errors: number }[] }).items).toEqual([expect.objectContaining({ id: file.id, errors: 1 })])
    const page = await outcome(importLoader({ request: get(`/imports/${file.id}`, cookie), params: { id: file.id }, context: {} }))
    const body = page.body as { detail: { status: string; counts: Record<string, unknown> }; errors: { items: { kind: string; raw: unknown[] }[] } }
    expect(body.detail).toMatchObject({ status: 'completed', counts: expect.objectContaining({ invalidPhones: 1 }) })
    expect(body.errors.items).toEqual([expect.objectContaining({ kind: 'invalid_phone', raw: expect.arrayContaining([{ column: 'Phone 4', value: '555-1234' }]) })])
    const csv = await csvLoader({ request: get(`/imports/${file.id}/errors.csv`, cookie), params: { id: file.id }, context: {} })
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect((await csv.text()).split('\r\n')[1]).toMatch(/^1,invalid_phone: Not a valid phone number,Phone 4,555-1234,/)
  })

  it('pause, resume and cancel an import, each audited; refuse what its status does not allow', async () => {
    const { org, user, cookie } = await signedIn()
    const file = await pausedImport(org.id)
    const act = (intent: string) => outcome(importAction({ request: post(`/imports/${file.id}`, cookie, { intent }), params: { id: file.id }, context: {} }))
    expect(await act('resume')).toMatchObject({ status: 200, body: { ok: true } })
    expect((await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })).status).toBe('queued')
    expect(await act('pause')).toMatchObject({ status: 200, body: { ok: true } })
    expect((await act('resume')).status).toBe(200)
    const refused = await act('reextract')
    expect(refused).toMatchObject({ status: 409, body: { ok: false } })
    expect(await act('cancel')).toMatchObject({ status: 200, body: { ok: true } })
    expect((await prisma.importFile.findUniqueOrThrow({ where: { id: file.id } })).status).toBe('cancelled')
    expect(await act('pause')).toMatchObject({ status: 409 })
    expect(await act('explode')).toMatchObject({ status: 400 })
    const audit = await prisma.auditLog.findMany({ where: { targetId: file.id }, orderBy: { createdAt: 'asc' }, select: { action: true, actorId: true } })
    expect(audit.map((a) => a.action)).toEqual(['import.resumed', 'import.paused', 'import.resumed', 'import.cancelled'])
    expect(new Set(audit.map((a) => a.actorId))).toEqual(new Set([user.id]))
  })
})

describe('starting an import from the upload page', () => {
  async function completeUpload(organizationId: string, sha256 = randomBytes(32).toString('hex')) {
    return prisma.upload.create({
      data: {
        id: randomBytes(16).toString('hex'), organizationId, filename: 'owners.csv', byteSize: 100n, storage: 'local', storageKey: `x/${randomBytes(4).toString('hex')}`,
        sha256, status: 'complete', completedAt: new Date(), expiresAt: new Date(Date.now() + 86_400_000),
      },
    })
  }

  it('explains what is missing field by field, and records nothing', async () => {
    const { org, cookie } = await signedIn()
    const upload = await completeUpload(org.id)
    const missingVertical = await outcome(uploadAction({ request: post('/imports/upload', cookie, { uploadId: upload.id, class: 'universe', parser: 'auto' }), params: {}, context: {} }))
    expect(missingVertical.status).toBe(400)
    expect(missingVertical.body).toMatchObject({ result: { error: { verticalKey: ['Choose the vertical its leads belong to.'] } } })
    const unknownVertical = await outcome(uploadAction({ request: post('/imports/upload', cookie, { uploadId: upload.id, class: 'universe', verticalKey: 'nope', parser: 'auto' }), params: {}, context: {} }))
    expect(unknownVertical).toMatchObject({ status: 422, body: { result: { error: { verticalKey: ['The organization has no vertical "nope".'] } } } })
    const missingKind = await outcome(uploadAction({ request: post('/imports/upload', cookie, { uploadId: upload.id, class: 'compliance', parser: 'auto' }), params: {}, context: {} }))
    expect(missingKind.body).toMatchObject({ result: { error: { complianceKind: ['Choose what every number of the file is.'] } } })
    const badParser = await outcome(uploadAction({ request: post('/imports/upload', cookie, { uploadId: upload.id, class: 'enrichment', parser: 'nonsense' }), params: {}, context: {} }))
    expect(badParser).toMatchObject({ status: 422, body: { result: { error: { parser: ['No parser "nonsense".'] } } } })
    // Another organization's upload is not found.
    const stranger = await signedIn()
    const foreign = await outcome(uploadAction({ request: post('/imports/upload', stranger.cookie, { uploadId: upload.id, class: 'enrichment', parser: 'auto' }), params: {}, context: {} }))
    expect(foreign).toMatchObject({ status: 404, body: { result: { error: { '': ['No such upload in this organization'] } } } })
    expect(await prisma.importFile.count({ where: { uploadId: upload.id } })).toBe(0)
  })

  it('starts the import (a re-run of the earlier one with the same file) and goes to its page', async () => {
    const { org, user, cookie } = await signedIn()
    await createVertical(org.id, 'seller')
    const earlier = await completedImport(org.id)
    const upload = await completeUpload(org.id, earlier.sha256)
    const started = await outcome(
      uploadAction({ request: post('/imports/upload', cookie, { uploadId: upload.id, class: 'universe', verticalKey: 'seller', parser: 'property-export', rerunOfId: earlier.id }), params: {}, context: {} }),
    )
    const created = await prisma.importFile.findFirstOrThrow({ where: { uploadId: upload.id } })
    expect(started.status).toBe(302)
    expect(started.headers?.get('location')).toBe(`/imports/${created.id}`)
    expect(created).toMatchObject({ class: 'universe', parserKey: 'property-export', rerunOfId: earlier.id, createdByUserId: user.id, status: 'queued' })
    expect(await prisma.auditLog.count({ where: { targetId: created.id, action: 'import.created' } })).toBe(1)
  })

  it('starts a generic CSV import with a saved column map', async () => {
    const { org, cookie } = await signedIn()
    const saved = await prisma.columnMap.create({ data: { organizationId: org.id, name: 'County', map: { Cell: 'phone', Who: 'full_name' } } })
    const upload = await completeUpload(org.id)
    const started = await outcome(uploadAction({ request: post('/imports/upload', cookie, { uploadId: upload.id, class: 'enrichment', parser: `map:${saved.id}` }), params: {}, context: {} }))
    expect(started.status).toBe(302)
    expect(await prisma.importFile.findFirstOrThrow({ where: { uploadId: upload.id } })).toMatchObject({ parserKey: 'generic-csv', columnMap: { Cell: 'phone', Who: 'full_name' } })
  })
})

describe('the column mapping page', () => {
  it('previews the first rows with the map, refuses a column chosen twice, then saves the map and re-extracts', async () => {
    const { org, cookie } = await signedIn()
    const file = await completedImport(org.id)
    const params = { id: file.id }
    const send = (fields: Record<string, string>) => outcome(mappingAction({ request: post(`/imports/${file.id}/mapping`, cookie, fields), params, context: {} }))
    const loaded = await outcome(mappingLoader({ request: get(`/imports/${file.id}/mapping`, cookie), params, context: {} }))
    expect((loaded.body as { columns: string[] }).columns).toContain('Phone 1')

    const choice = { 'slots.first_name': 'Owner 1 First Name', 'slots.last_name': 'Owner 1 Last Name', 'slots.phone--1': 'Phone 1' }
    const preview = await send({ intent: 'preview', ...choice })
    expect(preview.status).toBe(200)
    const rows = (preview.body as { preview: { rowNo: number; name: string | null; phones: string[] }[] }).preview
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({ rowNo: 1, name: 'John Smith', phones: ['+15125550143'] })

    const twice = await send({ intent: 'preview', ...choice, 'slots.phone--2': 'Phone 1' })
    expect(twice).toMatchObject({ status: 422, body: { fieldErrors: { 'phone--2': '“Phone 1” is already chosen for Phone 1.' } } })

    const done = await send({ intent: 'reextract', name: 'Owners', ...choice })
    expect(done.status).toBe(302)
    expect(done.headers?.get('location')).toBe(`/imports/${file.id}`)
    const extraction = await prisma.importExtraction.findFirstOrThrow({ where: { importFileId: file.id, number: 2 } })
    expect(extraction).toMatchObject({ parserKey: 'generic-csv', columnMap: { 'Owner 1 First Name': 'first_name', 'Owner 1 Last Name': 'last_name', 'Phone 1': 'phone' } })
    expect(await prisma.columnMap.findFirstOrThrow({ where: { organizationId: org.id, name: 'Owners' } })).toMatchObject({ map: extraction.columnMap })
    expect(await prisma.auditLog.count({ where: { targetId: file.id, action: 'import.reextraction_requested' } })).toBe(1)
  })
})
