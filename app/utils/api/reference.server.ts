import { markdownBlocks, markdownInline } from './markdown.server'
import type { ApiReference, FieldRow, Inline, ReferenceOperation } from './reference-types'

/**
 * What /api/docs shows, read from the OpenAPI document alone (never from the
 * operation declarations), so the page can only say what the document says:
 * the guide, then each operation with its scope, parameters, body, answers
 * with their fields and examples, its errors and a curl command.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const

function object(value: Json | undefined): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {}
}

function resolve(document: JsonObject, value: Json | undefined): JsonObject {
  let current = object(value)
  for (let depth = 0; depth < 10 && typeof current.$ref === 'string'; depth++) {
    let target: Json | undefined = document
    for (const segment of current.$ref.replace(/^#\//, '').split('/')) target = object(target)[segment.replace(/~1/g, '/').replace(/~0/g, '~')]
    current = object(target)
  }
  return current
}

function refName(value: Json | undefined): string | null {
  const ref = object(value).$ref
  return typeof ref === 'string' ? ref.split('/').pop()! : null
}

/** A schema's type in words: `string (uuid)`, `array of Thing`, `string or null`, `one of: a, b`. */
export function typeLabel(document: JsonObject, value: Json | undefined, depth = 0): string {
  const name = refName(value)
  const schema = resolve(document, value)
  if (depth > 4) return name ?? 'object'
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined
  if (Array.isArray(variants)) return variants.map((variant) => typeLabel(document, variant, depth + 1)).join(' or ')
  if (schema.const !== undefined) return JSON.stringify(schema.const)
  if (Array.isArray(schema.enum)) return `one of: ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type
  if (type === 'array') return `array of ${typeLabel(document, schema.items, depth + 1)}`
  if (type === 'string' && schema.format === 'binary') return 'file'
  if (type === 'object' && name) return name
  if (typeof type === 'string') return typeof schema.format === 'string' ? `${type} (${schema.format})` : type
  return name ?? 'any'
}

function description(schema: JsonObject, fallback?: Json): Inline[] {
  const text = typeof schema.description === 'string' ? schema.description : typeof fallback === 'string' ? fallback : ''
  return text ? markdownInline(text) : []
}

/** The object's properties as rows, nested objects (and arrays of them) flattened to dotted names. */
export function fieldRows(document: JsonObject, value: Json | undefined, prefix = '', depth = 0): FieldRow[] {
  let schema = resolve(document, value)
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined
  if (Array.isArray(variants)) {
    const objects = variants.map((variant) => resolve(document, variant)).filter((variant) => variant.type === 'object')
    if (objects.length === 1) schema = objects[0]!
  }
  if (schema.type === 'array') return depth < 4 ? fieldRows(document, schema.items, `${prefix}[]`, depth + 1) : []
  const properties = object(schema.properties)
  const required = new Set(Array.isArray(schema.required) ? schema.required : [])
  return Object.entries(properties).flatMap(([name, property]) => {
    const resolved = resolve(document, property)
    const full = prefix ? `${prefix}${prefix.endsWith('[]') ? '.' : '.'}${name}` : name
    const row: FieldRow = { name: full, type: typeLabel(document, property), required: required.has(name), description: description(resolved, object(property).description) }
    return depth < 4 ? [row, ...fieldRows(document, property, full, depth + 1)] : [row]
  })
}

const pretty = (value: Json | undefined) => (value === undefined ? null : JSON.stringify(value, null, 2))

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`
}

function curlFor(document: JsonObject, serverUrl: string, method: string, path: string, operation: JsonObject): string {
  const lines = [`curl -X ${method.toUpperCase()} ${shellQuote(`${serverUrl}${path}`)}`]
  const security = operation.security as Json[] | undefined
  if (!Array.isArray(security) || security.length > 0) lines.push(`-H "Authorization: Bearer $ESD_API_KEY"`)
  if (operation['x-idempotency'] === 'optional' || operation['x-idempotency'] === 'required') lines.push(`-H "Idempotency-Key: $(uuidgen)"`)
  for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
    const resolved = resolve(document, parameter)
    if (resolved.in === 'header' && resolved.required && resolved.name !== 'Idempotency-Key') lines.push(`-H ${shellQuote(`${String(resolved.name)}: …`)}`)
  }
  const content = object(resolve(document, operation.requestBody).content)
  const json = object(content['application/json'])
  const multipart = object(content['multipart/form-data'])
  const raw = Object.keys(content).find((type) => type !== 'application/json' && type !== 'multipart/form-data')
  if (Object.keys(json).length > 0) {
    lines.push(`-H "Content-Type: application/json"`, `-d ${shellQuote(JSON.stringify(json.example ?? {}))}`)
  } else if (Object.keys(multipart).length > 0) {
    for (const [name, property] of Object.entries(object(resolve(document, multipart.schema).properties))) {
      lines.push(typeLabel(document, property) === 'file' ? `-F ${shellQuote(`${name}=@leads.csv`)}` : `-F ${shellQuote(`${name}=…`)}`)
    }
  } else if (raw) {
    lines.push(`-H ${shellQuote(`Content-Type: ${raw}`)}`, '--data-binary @chunk.bin')
  }
  return lines.join(' \\\n  ')
}

function operationView(document: JsonObject, serverUrl: string, path: string, method: string, operation: JsonObject): ReferenceOperation {
  const security = operation.security as Json[] | undefined
  const requirement = Array.isArray(security) && security.length > 0 ? object(security[0]) : null
  const scopes = requirement ? (Object.values(requirement)[0] as Json[] | undefined) : undefined
  const mode = operation['x-idempotency']
  const body = resolve(document, operation.requestBody)
  const bodyContent = object(body.content)

  const responses: ReferenceOperation['responses'] = []
  const errors: ReferenceOperation['errors'] = []
  for (const [status, value] of Object.entries(object(operation.responses))) {
    const response = resolve(document, value)
    const media = object(object(response.content)['application/json'])
    if (Number(status) >= 400) {
      for (const [code, example] of Object.entries(object(media.examples))) {
        const when = (String(response.description ?? '').split('; ').find((part) => part.startsWith(`\`${code}\``)) ?? '').replace(/^`[^`]+`: /, '')
        errors.push({ status, code, when: markdownInline(when || String(object(object(object(example).value).error).message ?? '')) })
      }
      continue
    }
    responses.push({
      status,
      description: markdownInline(String(response.description ?? '')),
      headers: Object.entries(object(response.headers)).map(([name, header]) => {
        const resolved = resolve(document, header)
        return { name, required: resolved.required === true, description: description(resolved) }
      }),
      fields: media.schema ? fieldRows(document, media.schema) : [],
      example: pretty(media.example),
    })
  }

  return {
    id: String(operation.operationId),
    method: method.toUpperCase(),
    path,
    summary: String(operation.summary ?? ''),
    description: typeof operation.description === 'string' ? markdownBlocks(operation.description) : [],
    scope: requirement ? (Array.isArray(scopes) && scopes.length > 0 ? String(scopes[0]) : '') : null,
    idempotency:
      mode === 'optional' || mode === 'required' || mode === 'exempt'
        ? { mode, reason: typeof operation['x-idempotency-exempt-reason'] === 'string' ? operation['x-idempotency-exempt-reason'] : null }
        : null,
    parameters: ((operation.parameters as Json[] | undefined) ?? []).map((parameter) => {
      const resolved = resolve(document, parameter)
      return {
        name: String(resolved.name),
        in: String(resolved.in),
        required: resolved.required === true,
        type: typeLabel(document, resolved.schema),
        description: description(resolved, object(resolved.schema).description),
      }
    }),
    requestBody: Object.keys(bodyContent).length
      ? {
          description: markdownInline(String(body.description ?? '')),
          media: Object.entries(bodyContent).map(([type, media]) => ({
            type,
            fields: fieldRows(document, object(media).schema),
            example: pretty(object(media).example),
          })),
        }
      : null,
    responses,
    errors,
    curl: curlFor(document, serverUrl, method, path, operation),
  }
}

/** The reference of `document` (an OpenAPI 3.1 document as JSON). */
export function apiReference(input: object): ApiReference {
  const document = JSON.parse(JSON.stringify(input)) as JsonObject
  const info = object(document.info)
  const serverUrl = String(object((document.servers as Json[] | undefined)?.[0]).url ?? '')
  const tags = ((document.tags as Json[] | undefined) ?? []).map(object)
  const groups = tags.map((tag) => ({ name: String(tag.name), description: markdownInline(String(tag.description ?? '')), operations: [] as ReferenceOperation[] }))
  for (const [path, item] of Object.entries(object(document.paths))) {
    for (const method of METHODS) {
      const operation = object(object(item)[method])
      if (!operation.operationId) continue
      const tag = String((operation.tags as Json[] | undefined)?.[0] ?? '')
      groups.find((group) => group.name === tag)?.operations.push(operationView(document, serverUrl, path, method, operation))
    }
  }
  return {
    title: String(info.title ?? ''),
    version: String(info.version ?? ''),
    serverUrl,
    guide: markdownBlocks(String(info.description ?? '')),
    groups: groups.filter((group) => group.operations.length > 0),
  }
}
