import { beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { keyWith, seen, testApi } from '../../../tests/support/api-fixture-operations'
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS } from './idempotency-key'
import { claimIdempotencyKey } from './idempotency.server'

type ErrorBody = { error: { code: string; message: string } }
type Thing = { id: string; name: string; file: { filename: string; size: number; sha256: string } | null }

beforeEach(() => seen.reset())

function post(key: string, json: unknown, idempotencyKey?: string) {
  return testApi<Thing & ErrorBody>({
    method: 'POST',
    path: '/api/v1/test-things',
    key,
    json,
    headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
  })
}

function postFile(key: string, content: string, idempotencyKey: string) {
  const form = new FormData()
  form.append('name', 'Upload')
  form.append('file', new File([content], 'leads.csv', { type: 'text/csv' }))
  return testApi<Thing & ErrorBody>({ method: 'POST', path: '/api/v1/test-things', key, form, headers: { 'idempotency-key': idempotencyKey } })
}

/** A promise the test resolves, for a handler that must wait. */
function gate() {
  let open = () => {}
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

describe('Idempotency-Key on a POST', () => {
  it('replays the first answer to a retry with the same key and body: status, body, Location, marked as a replay; nothing runs twice', async () => {
    const { key } = await keyWith(['leads:write'])
    const first = await post(key, { name: 'Widget', tags: ['a', 'b'] }, 'key-1')
    expect(first.status).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()

    // The same data with its keys in another order is the same request.
    const retry = await testApi<Thing>({
      method: 'POST',
      path: '/api/v1/test-things',
      key,
      body: '{ "tags": ["a", "b"],   "name": "Widget" }',
      headers: { 'content-type': 'application/json; charset=utf-8', 'idempotency-key': 'key-1' },
    })
    expect(retry.status).toBe(201)
    expect(retry.text).toBe(first.text)
    expect(retry.headers.get('location')).toBe(first.headers.get('location'))
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'))
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    // Counted against the key like any request, with its own window.
    expect(retry.headers.get('ratelimit-remaining')).toBe('598')
    expect(seen.creations).toHaveLength(1)
    expect(seen.creations[0]).toMatchObject({ name: 'Widget', idempotencyKey: 'key-1' })
  })

  it('refuses the same key with another body, path or operation (422) and runs nothing', async () => {
    const { key } = await keyWith(['leads:write'])
    expect((await post(key, { name: 'Widget' }, 'key-2')).status).toBe(201)
    const other = await post(key, { name: 'Gadget' }, 'key-2')
    expect([other.status, other.body.error.code]).toEqual([422, 'idempotency_key_reused'])
    const otherOperation = await testApi<ErrorBody>({
      method: 'POST',
      path: '/api/v1/test-strict-things',
      key,
      json: { name: 'Widget' },
      headers: { 'idempotency-key': 'key-2' },
    })
    expect([otherOperation.status, otherOperation.body.error.code]).toEqual([422, 'idempotency_key_reused'])
    expect(seen.creations.map((c) => c.name)).toEqual(['Widget'])
  })

  it('answers 409 with Retry-After while the first request runs, then replays its answer', async () => {
    const { key } = await keyWith(['leads:write'])
    const slow = gate()
    seen.gate = slow.promise
    const first = post(key, { name: 'slow' }, 'key-3')
    // The first request holds the key once its claim is in the table.
    await expect.poll(() => prisma.idempotencyKey.count({ where: { key: 'key-3' } }), { interval: 10 }).toBe(1)

    const during = await post(key, { name: 'slow' }, 'key-3')
    expect([during.status, during.body.error.code, during.headers.get('retry-after')]).toEqual([409, 'idempotency_request_in_progress', '1'])

    slow.open()
    expect((await first).status).toBe(201)
    const after = await post(key, { name: 'slow' }, 'key-3')
    expect([after.status, after.headers.get('idempotent-replayed')]).toEqual([201, 'true'])
    expect(seen.creations).toHaveLength(1)
  })

  it('runs exactly one of many simultaneous requests with the same key', async () => {
    const { key } = await keyWith(['leads:write'])
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(key, { name: 'Raced' }, 'key-race')))
    expect(seen.creations).toHaveLength(1)
    const fresh = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null)
    expect(fresh).toHaveLength(1)
    for (const answer of answers) {
      if (answer.status === 201) expect(answer.body.id).toBe(fresh[0]!.body.id)
      else expect([answer.status, answer.body.error.code]).toEqual([409, 'idempotency_request_in_progress'])
    }
    expect(await prisma.idempotencyKey.count({ where: { key: 'key-race' } })).toBe(1)
  })

  it('lets one of many simultaneous claims of a key win; the rest find it in progress', async () => {
    const { apiKey } = await keyWith(['leads:write'])
    for (let round = 0; round < 5; round++) {
      const claims = await Promise.all(
        Array.from({ length: 10 }, () => claimIdempotencyKey({ apiKeyId: apiKey.id, key: `claim-${round}`, operationId: 'createThing', requestHash: 'same' })),
      )
      expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1)
      expect(claims.filter((c) => c.outcome === 'in_progress')).toHaveLength(9)
    }
  })

  it('keeps no answer to invalid input (400, or the module’s 422): fixed, the request runs with the same key', async () => {
    const { key } = await keyWith(['leads:write'])
    const invalid = await post(key, { name: '' }, 'key-4')
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'invalid_body'])
    const rejected = await post(key, { name: 'reject' }, 'key-4')
    expect([rejected.status, rejected.body.error.code]).toEqual([422, 'thing_rejected'])
    expect(await prisma.idempotencyKey.count({ where: { key: 'key-4' } })).toBe(0)

    const fixed = await post(key, { name: 'Fixed' }, 'key-4')
    expect(fixed.status).toBe(201)
    expect(fixed.headers.get('idempotent-replayed')).toBeNull()
    expect(seen.creations.map((c) => c.name)).toEqual(['Fixed'])
  })

  it('gives the key back after a fault (500), so the retry runs; a finished refusal such as 409 is replayed', async () => {
    const { key } = await keyWith(['leads:write'])
    const fault = await post(key, { name: 'crash' }, 'key-5')
    expect([fault.status, fault.body.error.code]).toEqual([500, 'internal_error'])
    expect((await post(key, { name: 'crash' }, 'key-5')).status).toBe(500)
    expect(seen.creations.map((c) => c.name)).toEqual(['crash', 'crash'])

    const conflict = await post(key, { name: 'conflict' }, 'key-6')
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'thing_conflict'])
    const replayed = await post(key, { name: 'conflict' }, 'key-6')
    expect([replayed.status, replayed.body.error.code, replayed.headers.get('idempotent-replayed')]).toEqual([409, 'thing_conflict', 'true'])
    expect(seen.creations.filter((c) => c.name === 'conflict')).toHaveLength(1)
  })

  it('belongs to one API key: another key with the same Idempotency-Key runs its own request', async () => {
    const a = await keyWith(['leads:write'])
    const b = await keyWith(['leads:write'], { organizationId: a.organizationId })
    const first = await post(a.key, { name: 'Shared' }, 'key-7')
    const second = await post(b.key, { name: 'Shared' }, 'key-7')
    expect([first.status, second.status]).toEqual([201, 201])
    expect(second.headers.get('idempotent-replayed')).toBeNull()
    expect(second.body.id).not.toBe(first.body.id)
    expect(seen.creations.map((c) => c.apiKeyId)).toEqual([a.apiKey.id, b.apiKey.id])
  })

  it('matches a multipart body by its fields and each file’s SHA-256, not by its bytes on the wire', async () => {
    const { key } = await keyWith(['leads:write'])
    const first = await postFile(key, 'name\nAda\n', 'key-8')
    const retry = await postFile(key, 'name\nAda\n', 'key-8')
    expect([first.status, retry.status, retry.headers.get('idempotent-replayed')]).toEqual([201, 201, 'true'])
    const otherFile = await postFile(key, 'name\nBob\n', 'key-8')
    expect([otherFile.status, otherFile.body.error.code]).toEqual([422, 'idempotency_key_reused'])
    expect(seen.creations).toHaveLength(1)
  })

  it('runs every request without a key; a malformed key is a 400; where required, a missing one is too', async () => {
    const { key } = await keyWith(['leads:write'])
    expect((await post(key, { name: 'One' })).status).toBe(201)
    expect((await post(key, { name: 'One' })).status).toBe(201)
    expect(seen.creations).toHaveLength(2)

    for (const malformed of ['', 'x'.repeat(256), 'caf\u00e9']) {
      const answer = await post(key, { name: 'Two' }, malformed)
      expect([answer.status, answer.body.error.code]).toEqual([400, 'invalid_idempotency_key'])
    }
    expect((await post(key, { name: 'Two' }, 'x'.repeat(255))).status).toBe(201)
    expect((await post(key, { name: 'Three' }, ' !"#$%&()*+,-./09:;<=>?@AZ[\\]^_`az{|}~')).status).toBe(201)

    const strict = await testApi<ErrorBody>({ method: 'POST', path: '/api/v1/test-strict-things', key, json: { name: 'Four' } })
    expect([strict.status, strict.body.error.code]).toEqual([400, 'idempotency_key_required'])
    const withKey = await testApi({ method: 'POST', path: '/api/v1/test-strict-things', key, json: { name: 'Four' }, headers: { 'idempotency-key': 'k' } })
    expect(withKey.status).toBe(201)
  })

  it('is kept 24 hours; an expired key, and a claim abandoned past its lease by the same request, run anew', async () => {
    const { key, apiKey } = await keyWith(['leads:write'])
    expect((await post(key, { name: 'Old' }, 'key-9')).status).toBe(201)
    const row = await prisma.idempotencyKey.findUniqueOrThrow({ where: { apiKeyId_key: { apiKeyId: apiKey.id, key: 'key-9' } } })
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(IDEMPOTENCY_TTL_MS)

    await prisma.idempotencyKey.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const afterExpiry = await post(key, { name: 'New body, old key' }, 'key-9')
    expect([afterExpiry.status, afterExpiry.headers.get('idempotent-replayed')]).toEqual([201, null])

    // A server that died while holding a key: its claim stays in progress until the lease ends.
    await prisma.idempotencyKey.create({
      data: {
        apiKeyId: apiKey.id,
        key: 'key-10',
        operationId: 'createThing',
        requestHash: 'not this request',
        lockToken: crypto.randomUUID(),
        lockedUntil: new Date(Date.now() - 1000),
        expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
      },
    })
    expect((await post(key, { name: 'Other' }, 'key-10')).status).toBe(422)
    const abandoned = await post(key, { name: 'Orphan' }, 'key-11')
    expect(abandoned.status).toBe(201)
    await prisma.idempotencyKey.updateMany({
      where: { key: 'key-11' },
      data: { responseStatus: null, responseBody: null, responseHeaders: undefined, lockedUntil: new Date(Date.now() + IDEMPOTENCY_LEASE_MS) },
    })
    expect((await post(key, { name: 'Orphan' }, 'key-11')).status).toBe(409)
    await prisma.idempotencyKey.updateMany({ where: { key: 'key-11' }, data: { lockedUntil: new Date(Date.now() - 1000) } })
    const takenOver = await post(key, { name: 'Orphan' }, 'key-11')
    expect([takenOver.status, takenOver.headers.get('idempotent-replayed')]).toEqual([201, null])
    expect(seen.creations.map((c) => c.name)).toEqual(['Old', 'New body, old key', 'Orphan', 'Orphan'])
  })

  it('goes with its API key', async () => {
    const { key, apiKey } = await keyWith(['leads:write'])
    expect((await post(key, { name: 'Gone' }, 'key-12')).status).toBe(201)
    await prisma.apiKey.delete({ where: { id: apiKey.id } })
    expect(await prisma.idempotencyKey.count({ where: { apiKeyId: apiKey.id } })).toBe(0)
  })
})
