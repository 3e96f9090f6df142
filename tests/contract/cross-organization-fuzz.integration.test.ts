import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApiDocument } from '~/api/document.server'
import { resetEnv } from '~/utils/env.server'
import { prisma } from '~/utils/db.server'
import { callApi } from '../support/api-client'
import { createVertical } from '../support/landed-import'
import { sendClockAt } from '../support/leads'
import { useLocalUploadStore } from '../support/upload-env'
import { contractOrganization, type Organization } from './harness'
import { scenarios } from './scenarios'

/**
 * No list operation answers another organization's data, under any
 * combination of its filters. Two organizations get the same data (the same
 * names, phones, ZIPs, tags and statuses, and whatever each list scenario's
 * setup makes), B also some of its own; then fast-check calls every list
 * operation of the OpenAPI document (a GET without path parameters that
 * answers `{ data: [...] }`, so a new one is fuzzed without a change here)
 * with A's key and random combinations of its documented query parameters,
 * B's ids among the values. No answer may hold a record of B (by id; for
 * leads, by B's own names and phones either), and an invalid combination
 * is a 400, never a 500. Seeded, so a failure replays.
 */

type Json = Record<string, unknown>
const document = openApiDocument('http://localhost') as unknown as { paths: Record<string, Record<string, Json>>; components: { parameters?: Record<string, Json>; schemas: Record<string, Json> } }
const SEED = 20261130
const RUNS = 75

const resolve = (value: Json): Json => {
  let current = value
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    const [, , kind, name] = (current.$ref as string).split('/')
    current = (document.components as Record<string, Record<string, Json>>)[kind!]![name!]!
  }
  return current
}

type QueryParam = { name: string; schema: Json }
type ListOperation = { operationId: string; path: string; params: QueryParam[] }

/** Every GET without path parameters whose 200 answer is `{ data: [...] }`, with its query parameters. */
function listOperations(): ListOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) => {
    const get = item.get
    if (!get || path.includes('{') || (get.security as unknown[] | undefined)?.length === 0) return []
    const ok = resolve(((get.responses as Json)['200'] ?? {}) as Json)
    const schema = resolve((((ok.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema ?? {}) as Json)
    const data = resolve(((schema.properties as Json | undefined)?.data ?? {}) as Json)
    if (data.type !== 'array') return []
    const params = ((get.parameters as Json[] | undefined) ?? []).map(resolve).filter((p) => p.in === 'query').map((p) => ({ name: String(p.name), schema: resolve((p.schema ?? {}) as Json) }))
    return [{ operationId: String(get.operationId), path, params }]
  })
}

type Person = { name: string; phone: string; city: string; state: string; zip: string; tags: string[]; status: 'new' | 'contacted' | 'replied' | 'qualified' | 'closed'; grade: string | null }

/** The same people in both organizations; B has two more of its own. */
const SHARED: Person[] = [
  { name: 'Dana Smith', phone: '+15125550123', city: 'Austin', state: 'TX', zip: '78701', tags: ['spring', 'absentee'], status: 'new', grade: 'A' },
  { name: 'Lee Jones', phone: '+15125550188', city: 'Austin', state: 'TX', zip: '78702', tags: ['spring'], status: 'contacted', grade: 'B' },
  { name: 'Ana Ruiz', phone: '+12145550142', city: 'Dallas', state: 'TX', zip: '75201', tags: ['absentee'], status: 'replied', grade: null },
]
const B_ONLY: Person[] = [
  { name: 'Zed Secret', phone: '+13055550177', city: 'Miami', state: 'FL', zip: '33101', tags: ['spring', 'vip'], status: 'qualified', grade: 'A' },
  { name: 'Yara Hidden', phone: '+13055550166', city: 'Austin', state: 'TX', zip: '78701', tags: ['absentee'], status: 'new', grade: 'A' },
]

async function seedLeads(organizationId: string, people: Person[]) {
  const vertical = (await prisma.vertical.findFirst({ where: { organizationId, key: 'seller' } })) ?? (await createVertical(organizationId, 'seller'))
  for (const person of people) {
    const hash = randomUUID()
    const property = await prisma.property.create({ data: { organizationId, propertyHash: hash, line1: '12 Oak St', city: person.city, state: person.state, postalCode: person.zip, yearBuilt: 1990, equityPercent: 60 } })
    const identity = await prisma.identity.create({ data: { organizationId, identityHash: hash, fullName: person.name } })
    const phone = await prisma.phoneNumber.upsert({ where: { e164: person.phone }, create: { e164: person.phone, lineType: 'mobile' }, update: {} })
    await prisma.identityPhone.create({ data: { identityId: identity.id, phoneId: phone.id, source: 'test' } })
    await prisma.lead.create({ data: { organizationId, identityId: identity.id, verticalId: vertical.id, propertyId: property.id, tags: person.tags, status: person.status, grade: person.grade } })
  }
  return vertical.id
}

/** Every item of a list, page after page, with `key`. */
async function everything(path: string, key: string): Promise<Json[]> {
  const items: Json[] = []
  let cursor: string | null = null
  for (let page = 0; page < 50; page++) {
    const answer: { status: number; body: { data: Json[]; nextCursor?: string | null } } = await callApi({ path: `${path}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, key })
    expect(answer.status).toBe(200)
    items.push(...answer.body.data)
    cursor = answer.body.nextCursor ?? null
    if (!cursor) break
  }
  return items
}

/** Values for a query parameter from its schema, the other organization's ids and the shared data among them. */
function valuesFor(param: QueryParam, pool: { uuids: string[]; words: string[] }): fc.Arbitrary<string | string[]> {
  const schema = param.schema
  const garbage = fc.constantFrom('', 'x', '-1', '1e309', '%00', 'null', "' OR 1=1 --", '9'.repeat(30))
  if (schema.type === 'array') {
    const items = resolve((schema.items ?? {}) as Json)
    const one = Array.isArray(items.enum) ? fc.constantFrom(...(items.enum as string[]).map(String)) : fc.constantFrom(...pool.words)
    return fc.array(fc.oneof(one, garbage), { minLength: 1, maxLength: 3 })
  }
  if (Array.isArray(schema.enum)) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...(schema.enum as unknown[]).map(String)) }, { weight: 1, arbitrary: garbage })
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = typeof schema.minimum === 'number' ? schema.minimum : -5
    const max = typeof schema.maximum === 'number' ? schema.maximum : 100_000
    return fc.oneof({ weight: 5, arbitrary: fc.integer({ min, max }).map(String) }, { weight: 1, arbitrary: garbage })
  }
  if (schema.type === 'boolean') return fc.oneof(fc.constantFrom('true', 'false'), garbage)
  if (schema.format === 'uuid') return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pool.uuids) }, { weight: 1, arbitrary: garbage })
  return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pool.words, ...pool.uuids) }, { weight: 1, arbitrary: garbage }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) })
}

let restoreUploads: () => Promise<void>
let restoreClock: () => void
beforeAll(async () => {
  ;({ restore: restoreUploads } = await useLocalUploadStore())
  restoreClock = sendClockAt(19, resetEnv)
})
afterAll(async () => {
  restoreClock()
  await restoreUploads()
})

describe('every list operation, under any combination of its filters', () => {
  const lists = listOperations()

  it('is found in the document (the leads search among them)', () => {
    expect(lists.map((list) => list.operationId)).toEqual(expect.arrayContaining(['searchLeads', 'listTemplates', 'listImports', 'listCampaigns']))
  })

  let a: Organization
  let b: Organization
  const ofB = new Map<string, Set<string>>()
  const pool = { uuids: [] as string[], words: [] as string[] }

  beforeAll(async () => {
    // Every list, fuzzed 75 times each, is more than a default key's 600 requests a minute.
    a = await contractOrganization({ rateLimitPerMinute: 10_000 })
    b = await contractOrganization({ rateLimitPerMinute: 10_000 })
    const verticals = [await seedLeads(a.organizationId, SHARED), await seedLeads(b.organizationId, [...SHARED, ...B_ONLY])]
    // What each list's own scenario makes, in both organizations (records of the same names).
    for (const list of lists) {
      const scenario = scenarios.find((s) => s.operationId === list.operationId)
      await scenario?.setup?.(a)
      await scenario?.setup?.(b)
    }
    for (const list of lists) {
      const items = await everything(list.path, b.key)
      // Records are told apart by id; a list of items without one needs another way here.
      expect(items.filter((item) => typeof item.id !== 'string').length, `${list.operationId} answers items without an id`).toBe(0)
      ofB.set(list.operationId, new Set(items.map((item) => String(item.id))))
      pool.uuids.push(...items.map((item) => String(item.id)))
    }
    pool.uuids.push(...verticals, randomUUID())
    pool.words.push(...new Set([...SHARED, ...B_ONLY].flatMap((p) => [p.name, p.name.split(' ')[0]!, p.phone, p.phone.slice(2), p.city, p.state, p.zip, ...p.tags, p.status, p.grade ?? 'C'])))
  }, 180_000)

  for (const list of lists) {
    it(`${list.operationId} never answers B's records to A, and a bad filter is a 400`, { timeout: 300_000 }, async () => {
      const mineB = ofB.get(list.operationId)!
      expect(mineB.size, `B has no ${list.operationId} records to leak: give its scenario a setup that makes some`).toBeGreaterThan(0)
      // Up to four filters at once: more would mostly narrow every answer to nothing.
      const arbitraries = Object.fromEntries(list.params.filter((p) => p.name !== 'cursor').map((p) => [p.name, valuesFor(p, pool)]))
      const query = fc
        .subarray(Object.keys(arbitraries), { maxLength: Math.min(4, Object.keys(arbitraries).length) })
        .chain((names) => fc.record(Object.fromEntries(names.map((name) => [name, arbitraries[name]!]))) as fc.Arbitrary<Record<string, string | string[]>>)
      const statuses = new Set<number>()
      let seenItems = 0
      await fc.assert(
        fc.asyncProperty(query, async (params) => {
          const search = new URLSearchParams()
          for (const [name, value] of Object.entries(params)) for (const v of ([] as string[]).concat(value as string | string[])) search.append(name, v)
          const answer = await callApi<{ data?: Json[] }>({ path: `${list.path}?${search}`, key: a.key })
          statuses.add(answer.status)
          // A filter that parses but names nothing possible (a phone number that cannot exist) is a documented 422; never a 404 or a 5xx.
          expect([200, 400, 422], `${list.path}?${search} answered ${answer.status}: ${answer.text.slice(0, 300)}`).toContain(answer.status)
          if (answer.status !== 200) return
          const items = answer.body.data ?? []
          seenItems += items.length
          const leaked = items.filter((item) => mineB.has(String(item.id)))
          expect(leaked, `${list.path}?${search} answered B's records`).toEqual([])
          const text = JSON.stringify(items)
          for (const person of B_ONLY) {
            expect(text.includes(person.name) || text.includes(person.phone), `${list.path}?${search} answered B's ${person.name}`).toBe(false)
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      // The property had teeth: A's own records came back, so filters were not simply answering nothing.
      expect(seenItems, `${list.operationId} never answered any of A's records`).toBeGreaterThan(0)
      expect(statuses.has(200)).toBe(true)
    })
  }
})
