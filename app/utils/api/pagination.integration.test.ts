import { describe, expect, it } from 'vitest'
import { prisma } from '~/utils/db.server'
import { encodeCursor } from '~/utils/pagination.server'
import { keyWith, testApi } from '../../../tests/support/api-fixture-operations'

type Page = { data: { id: string; name: string; createdAt: string }[]; nextCursor: string | null }
type ErrorBody = { error: { code: string; details?: { fields?: { path: string; message: string }[] } } }

/** An organization with `count` API keys made a second apart (oldest first), and a key to list them with. */
async function organizationWithKeys(count: number) {
  const reader = await keyWith(['leads:read'], { name: 'Reader' })
  const base = Date.now() - 60 * 60 * 1000
  for (let i = 0; i < count; i++) {
    const { apiKey } = await keyWith(['leads:read'], { organizationId: reader.organizationId, name: `Key ${i}` })
    await prisma.apiKey.update({ where: { id: apiKey.id }, data: { createdAt: new Date(base + i * 1000) } })
  }
  return reader
}

async function allIds(organizationId: string) {
  const rows = await prisma.apiKey.findMany({ where: { organizationId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } })
  return rows.map((row) => row.id)
}

describe('cursor pagination of an API list', () => {
  it('walks the whole list newest first in pages of `limit`, each nextCursor leading to the next, null at the end', async () => {
    const { key, organizationId } = await organizationWithKeys(4)
    const expected = await allIds(organizationId)
    expect(expected).toHaveLength(5)

    const seen: string[] = []
    const sizes: number[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; body: Page } = await testApi<Page>({
        path: `/api/v1/test-things?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        key,
      })
      expect(page.status).toBe(200)
      seen.push(...page.body.data.map((item) => item.id))
      sizes.push(page.body.data.length)
      cursor = page.body.nextCursor
    } while (cursor)
    expect(sizes).toEqual([2, 2, 1])
    expect(seen).toEqual(expected)
  })

  it('stays stable while items are added: nothing is seen twice and nothing that existed is missed', async () => {
    const { key, organizationId } = await organizationWithKeys(3)
    const before = await allIds(organizationId)
    const first = await testApi<Page>({ path: '/api/v1/test-things?limit=2', key })
    await keyWith(['leads:read'], { organizationId, name: 'Added meanwhile' })
    const second = await testApi<Page>({ path: `/api/v1/test-things?limit=2&cursor=${first.body.nextCursor}`, key })
    expect([...first.body.data, ...second.body.data].map((item) => item.id)).toEqual(before)
    expect(second.body.nextCursor).toBeNull()
  })

  it('defaults to 50 items and refuses a limit outside 1–200 or a cursor it did not make (400 invalid_query)', async () => {
    const { key } = await organizationWithKeys(0)
    const defaults = await testApi<Page>({ path: '/api/v1/test-things', key })
    expect([defaults.status, defaults.body.data.length, defaults.body.nextCursor]).toEqual([200, 1, null])

    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'limit=1.5']) {
      const refused = await testApi<ErrorBody>({ path: `/api/v1/test-things?${query}`, key })
      expect({ query, status: refused.status, code: refused.body.error.code, field: refused.body.error.details?.fields?.[0]?.path }).toEqual({
        query,
        status: 400,
        code: 'invalid_query',
        field: 'limit',
      })
    }
    const forged = Buffer.from('{"t":"yesterday","id":"1"}').toString('base64url')
    for (const cursor of ['not-a-cursor', forged]) {
      const refused = await testApi<ErrorBody>({ path: `/api/v1/test-things?cursor=${cursor}`, key })
      expect([refused.status, refused.body.error.code, refused.body.error.details?.fields?.[0]?.path]).toEqual([400, 'invalid_query', 'cursor'])
    }
    // A well-formed cursor past the end is an empty last page.
    const pastTheEnd = encodeCursor({ createdAt: new Date('2000-01-01T00:00:00Z'), id: '00000000-0000-4000-8000-000000000000' })
    const empty = await testApi<Page>({ path: `/api/v1/test-things?cursor=${pastTheEnd}`, key })
    expect(empty.body).toEqual({ data: [], nextCursor: null })
  })
})
