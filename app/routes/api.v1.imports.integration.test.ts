import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { startInProcessRunner } from '~/utils/jobs/in-process-runner.server'
import { runImport } from '../../inngest/functions/ingest/run-import'
import { callApi, type ApiAnswer } from '../../tests/support/api-client'
import { createApiKeyFor } from '../../tests/support/factories'
import { createVertical, fixtureCsv } from '../../tests/support/landed-import'
import { createTusUpload, patchChunk } from '../../tests/support/tus'
import { useLocalUploadStore } from '../../tests/support/upload-env'

/**
 * POST /api/v1/imports in each of its three forms, end to end through the
 * pipeline (the in-process runner), and the reads and controls around it.
 * Every answer is checked against the OpenAPI document (callApi).
 */

let restore: () => Promise<void>
beforeAll(async () => {
  ;({ restore } = await useLocalUploadStore())
})
afterAll(() => restore())

let stopRunner: (() => Promise<void>) | undefined
afterEach(async () => {
  await stopRunner?.()
  stopRunner = undefined
})

const FILE = readFileSync(new URL('../../tests/fixtures/ingest/property-export-60.csv', import.meta.url))
const { header, rows } = fixtureCsv('property-export-60.csv')
/** What the fixture becomes in the graph (import-pipeline.integration.test.ts checks the graph itself). */
const EXPECTED_COUNTS = { rows: 2, newIdentities: 3, matchedIdentities: 0, phonesAdded: 4, invalidPhones: 1, inFileDuplicates: 0, leadsCreated: 3 }

type ImportBody = { import: { id: string; status: string; counts: Record<string, unknown> }; previousImport: { importFileId: string } | null }

async function importer(scopes = ['imports:write', 'imports:read']) {
  const made = await createApiKeyFor({ scopes })
  await createVertical(made.organizationId, 'seller')
  return made
}

/** Runs every queued job until none is left: the pipeline of the imports the test started. */
async function runPipeline() {
  const runner = startInProcessRunner({ functions: [runImport], retryBaseMs: 10, pollIntervalMs: 50 })
  stopRunner = () => runner.stop()
  await runner.drain({ timeoutMs: 60_000 })
}

async function completed(key: string, id: string) {
  await runPipeline()
  const answer = await callApi<{ import: ImportBody['import'] }>({ path: `/api/v1/imports/${id}`, key })
  expect(answer.status).toBe(200)
  return answer.body.import
}

function multipart(fields: Record<string, string>, file = FILE, filename = 'owners.csv') {
  const form = new FormData()
  form.set('file', new File([file], filename, { type: 'text/csv' }))
  for (const [name, value] of Object.entries(fields)) form.set(name, value)
  return form
}

describe('POST /api/v1/imports', { timeout: 90_000 }, () => {
  it('imports a tus upload, end to end', async () => {
    const { key } = await importer()
    const uploadId = await createTusUpload({ size: FILE.length, key, filename: 'owners.csv' })
    expect((await patchChunk({ id: uploadId, key, offset: 0, chunk: FILE })).status).toBe(204)

    const started = await callApi<ImportBody>({ method: 'POST', path: '/api/v1/imports', key, json: { uploadId, class: 'universe', verticalKey: 'seller' } })
    expect(started.status).toBe(202)
    expect(started.headers.get('location')).toBe(`/api/v1/imports/${started.body.import.id}`)
    expect(started.body).toMatchObject({ import: { status: 'queued', filename: 'owners.csv', uploadId }, previousImport: null })

    const done = await completed(key, started.body.import.id)
    expect(done).toMatchObject({ status: 'completed', counts: EXPECTED_COUNTS })
  })

  it('imports a multipart file, stored as a complete upload with its SHA-256, end to end', async () => {
    const { key, organizationId } = await importer()
    const started = await callApi<ImportBody>({ method: 'POST', path: '/api/v1/imports', key, form: multipart({ class: 'universe', verticalKey: 'seller', parser: 'property-export' }) })
    expect(started.status).toBe(202)
    const row = await prisma.importFile.findUniqueOrThrow({ where: { id: started.body.import.id }, include: { upload: true } })
    expect(row.upload).toMatchObject({ organizationId, status: 'complete', filename: 'owners.csv', byteSize: BigInt(FILE.length) })
    expect(row.sha256).toBe(createHash('sha256').update(FILE).digest('hex'))

    expect(await completed(key, row.id)).toMatchObject({ status: 'completed', counts: EXPECTED_COUNTS, parser: { key: 'property-export', version: 1 } })
  })

  it('imports pushed records as a CSV file, end to end', async () => {
    const { key } = await importer()
    const records = rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])))
    const started = await callApi<ImportBody>({ method: 'POST', path: '/api/v1/imports', key, json: { records, class: 'universe', verticalKey: 'seller', filename: 'crm-push.csv' } })
    expect(started.status).toBe(202)
    expect(started.body.import).toMatchObject({ filename: 'crm-push.csv', status: 'queued' })
    expect(await completed(key, started.body.import.id)).toMatchObject({ status: 'completed', counts: EXPECTED_COUNTS })
  })

  it('says the organization imported the same file before, and marks a re-run', async () => {
    const { key } = await importer()
    const first = await callApi<ImportBody>({ method: 'POST', path: '/api/v1/imports', key, form: multipart({ class: 'universe', verticalKey: 'seller' }) })
    const second = await callApi<ImportBody>({ method: 'POST', path: '/api/v1/imports', key, form: multipart({ class: 'universe', verticalKey: 'seller', rerunOf: first.body.import.id }) })
    expect(second.status).toBe(202)
    expect(second.body.previousImport).toMatchObject({ importFileId: first.body.import.id })
    expect(await prisma.importFile.findUniqueOrThrow({ where: { id: second.body.import.id } })).toMatchObject({ rerunOfId: first.body.import.id })
  })

  it('refuses invalid requests in the error shape, stores nothing, and keeps no idempotent answer', async () => {
    const { key, organizationId } = await importer()
    const idempotency = { 'Idempotency-Key': 'bad-request-1' }

    const noClass = await callApi<{ error: { code: string } }>({ method: 'POST', path: '/api/v1/imports', key, headers: idempotency, json: { uploadId: 'abc' } })
    expect([noClass.status, noClass.body.error.code]).toEqual([400, 'invalid_body'])

    const noVertical = await callApi<{ error: { code: string; details: { fieldErrors: Record<string, string> } } }>({
      method: 'POST', path: '/api/v1/imports', key, headers: idempotency, form: multipart({ class: 'universe' }),
    })
    expect([noVertical.status, noVertical.body.error.code]).toEqual([422, 'invalid_import'])
    expect(Object.keys(noVertical.body.error.details.fieldErrors)).toEqual(['verticalKey'])
    // The refused file is not kept.
    expect(await prisma.upload.count({ where: { organizationId } })).toBe(0)

    const unfinished = await createTusUpload({ size: FILE.length, key })
    const incomplete = await callApi<{ error: { code: string } }>({ method: 'POST', path: '/api/v1/imports', key, headers: idempotency, json: { uploadId: unfinished, class: 'universe', verticalKey: 'seller' } })
    expect([incomplete.status, incomplete.body.error.code]).toEqual([422, 'upload_incomplete'])

    const tooMany = await callApi<{ error: { code: string } }>({
      method: 'POST', path: '/api/v1/imports', key, json: { records: Array.from({ length: 10_001 }, (_, i) => ({ n: i })), class: 'universe', verticalKey: 'seller' },
    })
    // Any array past 10,000 elements is refused before the schema reads it (request bounds, docs/api.md).
    expect([tooMany.status, tooMany.body.error.code]).toEqual([422, 'array_too_long'])

    // None of the refusals was kept: the key still runs a valid request.
    await patchChunk({ id: unfinished, key, offset: 0, chunk: FILE })
    const valid = await callApi({ method: 'POST', path: '/api/v1/imports', key, headers: idempotency, json: { uploadId: unfinished, class: 'universe', verticalKey: 'seller' } })
    expect(valid.status).toBe(202)
    expect(await prisma.importFile.count({ where: { organizationId } })).toBe(1)
  })

  it("is a 404 for another organization's upload, and a 403 without imports:write", async () => {
    const owner = await importer()
    const uploadId = await createTusUpload({ size: FILE.length, key: owner.key })
    await patchChunk({ id: uploadId, key: owner.key, offset: 0, chunk: FILE })
    const other = await importer()
    const foreign = await callApi<{ error: { code: string } }>({ method: 'POST', path: '/api/v1/imports', key: other.key, json: { uploadId, class: 'universe', verticalKey: 'seller' } })
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'upload_not_found'])

    const reader = await importer(['imports:read'])
    const refused = await callApi<{ error: { code: string } }>({ method: 'POST', path: '/api/v1/imports', key: reader.key, form: multipart({ class: 'universe', verticalKey: 'seller' }) })
    expect([refused.status, refused.body.error.code]).toEqual([403, 'insufficient_scope'])
    expect(await prisma.importFile.count({ where: { organizationId: { in: [other.organizationId, reader.organizationId] } } })).toBe(0)
  })
})

describe('Idempotency-Key on POST /api/v1/imports', () => {
  it('replays the first answer for the same request, refuses another request with 422, and answers 409 while the first runs', async () => {
    const { key, organizationId, apiKey } = await importer()
    const post = (body: unknown, idempotencyKey: string): Promise<ApiAnswer<ImportBody & { error: { code: string } }>> =>
      callApi({ method: 'POST', path: '/api/v1/imports', key, headers: { 'Idempotency-Key': idempotencyKey }, json: body })
    const records = [{ Owner: 'Ann Lee', Phone: '512-555-0100' }]
    const body = { records, class: 'enrichment' }

    const first = await post(body, 'push-1')
    const again = await post({ class: 'enrichment', records }, 'push-1')
    expect(first.status).toBe(202)
    expect([again.status, again.headers.get('idempotent-replayed'), again.body.import.id]).toEqual([202, 'true', first.body.import.id])
    expect(await prisma.importFile.count({ where: { organizationId } })).toBe(1)

    const other = await post({ ...body, records: [{ Owner: 'Bo Ray' }] }, 'push-1')
    expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused'])

    // The first request of key push-2 still running, as its row says until it answers.
    const running = await post(body, 'push-2')
    await prisma.$executeRaw`UPDATE idempotency_keys SET response_status = NULL, locked_until = now() + interval '5 minutes' WHERE api_key_id = ${apiKey.id}::uuid AND key = 'push-2'`
    const during = await post(body, 'push-2')
    expect([running.status, during.status, during.body.error.code, during.headers.get('retry-after')]).toEqual([202, 409, 'idempotency_request_in_progress', '1'])
    expect(await prisma.importFile.count({ where: { organizationId } })).toBe(2)
  })
})

describe('GET /api/v1/imports, /{id}, /{id}/errors and the controls', { timeout: 90_000 }, () => {
  it('lists, reads, pages row errors, pauses, resumes and cancels; another organization gets 404; imports:read cannot change', async () => {
    const { key, organizationId } = await importer()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const started = await callApi<ImportBody>({ method: 'POST', path: '/api/v1/imports', key, form: multipart({ class: 'universe', verticalKey: 'seller' }, Buffer.concat([FILE, Buffer.from(`\n`.repeat(i))])) })
      ids.push(started.body.import.id)
    }
    const first = await callApi<{ data: { id: string }[]; nextCursor: string | null }>({ path: '/api/v1/imports?limit=2', key })
    const second = await callApi<{ data: { id: string }[]; nextCursor: string | null }>({ path: `/api/v1/imports?limit=2&cursor=${first.body.nextCursor}`, key })
    expect([...first.body.data, ...second.body.data].map((i) => i.id).sort()).toEqual([...ids].sort())
    expect(second.body.nextCursor).toBeNull()
    // Only the paused import runs to the end, so its counts do not depend on which of two same-file imports merged first.
    expect((await callApi({ method: 'POST', path: `/api/v1/imports/${ids[2]}/cancel`, key })).status).toBe(200)

    const [paused, toCancel] = [ids[0]!, ids[1]!]
    const pause = await callApi<ImportBody>({ method: 'POST', path: `/api/v1/imports/${paused}/pause`, key })
    expect([pause.status, pause.body.import.status]).toEqual([200, 'paused'])
    const cancel = await callApi<ImportBody>({ method: 'POST', path: `/api/v1/imports/${toCancel}/cancel`, key })
    expect([cancel.status, cancel.body.import.status]).toEqual([200, 'cancelled'])
    const cancelAgain = await callApi<{ error: { code: string } }>({ method: 'POST', path: `/api/v1/imports/${toCancel}/cancel`, key })
    expect([cancelAgain.status, cancelAgain.body.error.code]).toEqual([409, 'import_finished'])

    const resume = await callApi<ImportBody>({ method: 'POST', path: `/api/v1/imports/${paused}/resume`, key })
    expect([resume.status, resume.body.import.status]).toEqual([200, 'queued'])
    expect(await completed(key, paused)).toMatchObject({ status: 'completed', counts: EXPECTED_COUNTS })
    expect((await prisma.importFile.findUniqueOrThrow({ where: { id: toCancel } })).status).toBe('cancelled')

    const errors = await callApi<{ data: { rowNo: number; code: string; row: Record<string, string> }[]; nextCursor: string | null }>({ path: `/api/v1/imports/${paused}/errors?limit=1`, key })
    expect(errors.status).toBe(200)
    expect(errors.body.data).toEqual([expect.objectContaining({ rowNo: 1, code: 'invalid_phone', sourceColumn: 'Phone 4', value: '555-1234' })])
    expect(errors.body.data[0]!.row['Phone 4']).toBe('555-1234')
    expect(errors.body.nextCursor).toBeNull()
    const badCursor = await callApi<{ error: { code: string } }>({ path: `/api/v1/imports/${paused}/errors?cursor=nope`, key })
    expect([badCursor.status, badCursor.body.error.code]).toEqual([400, 'invalid_cursor'])

    const stranger = await importer()
    for (const path of [`/api/v1/imports/${paused}`, `/api/v1/imports/${paused}/errors`]) {
      const answer = await callApi<{ error: { code: string } }>({ path, key: stranger.key })
      expect([answer.status, answer.body.error.code]).toEqual([404, 'import_not_found'])
    }
    expect((await callApi({ method: 'POST', path: `/api/v1/imports/${ids[2]}/pause`, key: stranger.key })).status).toBe(404)
    expect((await callApi<{ data: unknown[] }>({ path: '/api/v1/imports', key: stranger.key })).body.data).toEqual([])

    const readOnly = await createApiKeyFor({ organizationId, scopes: ['imports:read'] })
    const refused = await callApi<{ error: { code: string } }>({ method: 'POST', path: `/api/v1/imports/${ids[2]}/pause`, key: readOnly.key })
    expect([refused.status, refused.body.error.code]).toEqual([403, 'insufficient_scope'])
    const writeOnly = await createApiKeyFor({ organizationId, scopes: ['imports:write'] })
    expect((await callApi({ path: `/api/v1/imports/${paused}`, key: writeOnly.key })).status).toBe(403)
  })
})
