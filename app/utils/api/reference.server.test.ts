import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { markdownBlocks } from './markdown.server'
import { buildOpenApiDocument } from './openapi.server'
import { defineOperation } from './operation.server'
import { apiReference } from './reference.server'
import { apiFile } from './uploaded-file.server'

const createItem = defineOperation({
  operationId: 'createItem',
  method: 'POST',
  path: '/api/v1/items',
  summary: 'Make an item',
  description: 'Makes **one** item.',
  tag: 'Items',
  auth: { scope: 'leads:write' },
  body: {
    json: { schema: z.object({ name: z.string().meta({ description: 'What it is called.' }), tags: z.array(z.string()).optional() }), example: { name: "Ada's" } },
    multipart: { schema: z.object({ name: z.string(), file: apiFile({ description: 'A CSV file.' }) }), maxFileBytes: 10 },
  },
  responses: { 201: { description: 'Made.', body: z.object({ id: z.uuid(), owner: z.object({ name: z.string() }).nullable() }), example: { id: '0b7c2f0e-3c1f-4f57-9d0e-6a5a0f3a1e42', owner: null } } },
  errors: { 409: { item_exists: 'an item by that name exists' } },
})

const reference = apiReference(
  buildOpenApiDocument({
    operations: [createItem],
    info: { title: 'T API', version: '2', description: '## Start here\n\nSend `x`.', tags: [{ name: 'Items', description: 'All the items.' }] },
    serverUrl: 'https://api.example.test',
  }),
)
const operation = reference.groups[0]!.operations[0]!

describe('the reference of an OpenAPI document', () => {
  it('has the guide and the operations by tag', () => {
    expect(reference).toMatchObject({ title: 'T API', version: '2', serverUrl: 'https://api.example.test' })
    expect(reference.guide[0]).toEqual({ type: 'heading', depth: 2, id: 'start-here', children: [{ type: 'text', text: 'Start here' }] })
    expect(reference.groups.map((group) => [group.name, group.operations.map((o) => o.id)])).toEqual([['Items', ['createItem']]])
  })

  it('shows an operation’s access, body fields, answer fields, examples and errors', () => {
    expect(operation).toMatchObject({ method: 'POST', path: '/api/v1/items', summary: 'Make an item', scope: 'leads:write', idempotency: { mode: 'optional', reason: null } })
    expect(operation.description).toEqual([{ type: 'paragraph', children: [{ type: 'text', text: 'Makes ' }, { type: 'strong', children: [{ type: 'text', text: 'one' }] }, { type: 'text', text: ' item.' }] }])
    expect(operation.parameters.map((p) => [p.name, p.in, p.required])).toEqual([['Idempotency-Key', 'header', false]])
    const [json, multipart] = operation.requestBody!.media
    expect(json!.fields).toEqual([
      { name: 'name', type: 'string', required: true, description: [{ type: 'text', text: 'What it is called.' }] },
      { name: 'tags', type: 'array of string', required: false, description: [] },
    ])
    expect(JSON.parse(json!.example!)).toEqual({ name: "Ada's" })
    expect(multipart!.fields.map((f) => [f.name, f.type])).toEqual([
      ['name', 'string'],
      ['file', 'file'],
    ])
    const [made] = operation.responses
    expect(made!.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['id', 'string (uuid)', true],
      ['owner', 'object or null', true],
      ['owner.name', 'string', true],
    ])
    expect(made!.headers.map((h) => h.name)).toEqual(expect.arrayContaining(['X-Request-Id', 'RateLimit-Limit', 'Idempotent-Replayed']))
    expect(operation.errors.map((e) => `${e.status} ${e.code}`)).toEqual(
      expect.arrayContaining(['400 invalid_json', '401 missing_api_key', '403 insufficient_scope', '409 item_exists', '409 idempotency_request_in_progress', '422 idempotency_key_reused', '500 internal_error']),
    )
    expect(operation.errors.find((e) => e.code === 'item_exists')!.when).toEqual([{ type: 'text', text: 'an item by that name exists' }])
  })

  it('prints a curl command that runs as shown once the key is set', () => {
    expect(operation.curl).toBe(
      [
        "curl -X POST 'https://api.example.test/api/v1/items'",
        '-H "Authorization: Bearer $ESD_API_KEY"',
        '-H "Idempotency-Key: $(uuidgen)"',
        '-H "Content-Type: application/json"',
        `-d '{"name":"Ada'\\''s"}'`,
      ].join(' \\\n  '),
    )
  })

  it('turns Markdown into data, never HTML', () => {
    expect(markdownBlocks('| a | b |\n| --- | --- |\n| `x` | <script>y</script> |\n\n- one\n- two\n\n```sh\ncurl x\n```')).toEqual([
      { type: 'table', header: [[{ type: 'text', text: 'a' }], [{ type: 'text', text: 'b' }]], rows: [[[{ type: 'code', text: 'x' }], [{ type: 'text', text: '<script>' }, { type: 'text', text: 'y' }, { type: 'text', text: '</script>' }]]] },
      { type: 'list', ordered: false, items: [[{ type: 'paragraph', children: [{ type: 'text', text: 'one' }] }], [{ type: 'paragraph', children: [{ type: 'text', text: 'two' }] }]] },
      { type: 'code', lang: 'sh', text: 'curl x' },
    ])
  })
})
