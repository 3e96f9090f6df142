import { describe, expect, it } from 'vitest'
import { openApiDocument } from '~/api/document.server'
import { apiOperations } from '~/api/operations.server'
import { arrayTooLong, JSON_MAX_ARRAY_ITEMS, JSON_MAX_DEPTH, jsonDepth } from '~/utils/api/request-input.server'

/**
 * The bounds of what a request may carry (docs/api.md, "Limits" and
 * "Unknown fields"), checked over every operation so a new one cannot
 * forget them: every array in a request body has a maximum, every object is
 * strict (an unknown field is refused, never ignored) unless it is a
 * declared map, and the JSON depth and array checks hold.
 */

type Json = Record<string, unknown>
const document = openApiDocument('https://app.esd.quest') as unknown as Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } }

function resolve(schema: Json): Json {
  let current = schema
  for (let i = 0; i < 10 && typeof current.$ref === 'string'; i++) {
    current = document.components.schemas[(current.$ref as string).replace('#/components/schemas/', '')] as Json
  }
  return current
}

/**
 * Free-form maps a body takes on purpose (their values are still bounded by
 * the depth and array checks every JSON body gets), by the path the walk
 * reports, with why.
 */
const DECLARED_MAPS: Record<string, string> = {
  'recordConsentEvent.evidence': 'the caller’s own evidence (a ticket, a form URL), stored as given',
  'dryRunLeads.filter': 'a lead filter, validated by the filter parser (invalid_filter names each field)',
  'saveLeadFilter.filter': 'a lead filter, validated by the filter parser (invalid_filter names each field)',
  'createImport.columnMap': 'the file’s own column names, mapped to fields',
  'createImport.records[]': 'a pushed row: the caller’s own column names, each to a string, number, boolean or null',
}

/** Problems of one schema: arrays without maxItems, objects that accept unknown fields. */
function problems(schema: Json, path: string, seen = new Set<Json>()): string[] {
  const s = resolve(schema)
  if (seen.has(s)) return []
  seen.add(s)
  const found: string[] = []
  const walk = (inner: unknown, at: string) => inner && typeof inner === 'object' && found.push(...problems(inner as Json, at, new Set(seen)))
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const option of (s[key] as Json[] | undefined) ?? []) walk(option, path)
  const types = ([] as unknown[]).concat(s.type ?? [])
  if (types.includes('array')) {
    if (typeof s.maxItems !== 'number') found.push(`${path}: an array without a maximum (give it .max())`)
    walk(s.items, `${path}[]`)
  }
  if (types.includes('object') || s.properties) {
    for (const [name, inner] of Object.entries((s.properties as Record<string, Json> | undefined) ?? {})) walk(inner, `${path}.${name}`)
    const additional = s.additionalProperties
    const map = DECLARED_MAPS[path]
    if (additional !== false && !map) found.push(`${path}: an object that takes unknown fields (make it .strict(), or list it as a declared map)`)
    if (additional && typeof additional === 'object') walk(additional, `${path}.*`)
  }
  return found
}

function requestBodies(): { operationId: string; schema: Json }[] {
  return Object.values(document.paths).flatMap((item) =>
    Object.values(item).flatMap((operation) => {
      const content = ((operation.requestBody as Json | undefined)?.content ?? {}) as Record<string, { schema?: Json }>
      return Object.entries(content)
        .filter(([type]) => type === 'application/json' || type === 'multipart/form-data')
        .map(([, media]) => ({ operationId: String(operation.operationId), schema: media.schema ?? {} }))
    }),
  )
}

describe('request bodies', () => {
  it('are found (the walk sees the operations’ bodies)', () => {
    expect(requestBodies().map((b) => b.operationId)).toEqual(expect.arrayContaining(['createTemplate', 'sendMessages', 'createMedia']))
  })

  it('bound every array and refuse unknown fields in every object', () => {
    const found = requestBodies().flatMap(({ operationId, schema }) => problems(schema, operationId))
    expect(found).toEqual([])
  })

  it('name only declared maps that exist', () => {
    const paths = new Set<string>()
    for (const { operationId, schema } of requestBodies()) {
      const collect = (s: Json, at: string) => {
        const r = resolve(s)
        paths.add(at)
        for (const [name, inner] of Object.entries((r.properties as Record<string, Json> | undefined) ?? {})) collect(inner, `${at}.${name}`)
        for (const key of ['anyOf', 'oneOf', 'allOf'] as const) for (const option of (r[key] as Json[] | undefined) ?? []) collect(option, at)
        if (r.items) collect(r.items as Json, `${at}[]`)
      }
      collect(schema, operationId)
    }
    expect(Object.keys(DECLARED_MAPS).filter((path) => !paths.has(path))).toEqual([])
  })

  it('refuse an unknown field with invalid_body naming it, in every operation that takes JSON', () => {
    const lenient = apiOperations.filter((operation) => {
      const schema = operation.body?.json?.schema
      if (!schema) return false
      const example = operation.body!.json!.example
      const result = schema.safeParse({ ...(example as object), zzUnknownField: 1 })
      return result.success || !result.error.issues.some((issue) => issue.code === 'unrecognized_keys' && issue.keys.includes('zzUnknownField'))
    })
    expect(lenient.map((operation) => operation.operationId)).toEqual([])
  })
})

describe('the JSON shape checks', () => {
  it('count nesting without parsing, strings and escapes aside', () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3)
    expect(jsonDepth('{"a":"[[[[{{{{\\"[["}')).toBe(1)
    expect(jsonDepth('1')).toBe(0)
    expect(jsonDepth('['.repeat(100_000))).toBe(JSON_MAX_DEPTH + 1)
  })

  it('find the first array that is too long, by its path', () => {
    expect(arrayTooLong({ to: ['a', 'b'], nested: [{ ids: Array(JSON_MAX_ARRAY_ITEMS + 1).fill(0) }] })).toEqual({ path: 'nested.0.ids', length: JSON_MAX_ARRAY_ITEMS + 1 })
    expect(arrayTooLong(Array(JSON_MAX_ARRAY_ITEMS).fill([]))).toBeNull()
  })
})
