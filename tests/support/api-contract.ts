import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

/**
 * Checks an API response against the OpenAPI document: the status is one
 * the operation declares, every header it declares required is there and
 * every declared header that is there has a valid value, and the body
 * matches the operation's schema for that status (JSON Schema 2020-12, as
 * OpenAPI 3.1 means it, with Ajv). Answers no operation gives are the API's
 * own: the JSON 404 of an unknown path and the 405 of a wrong method.
 * Every API test goes through this (tests/support/api-client.ts, e2e/api.ts).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

export type OpenApiLike = { paths?: object; components?: object }

/** One request and its answer, whatever carried it (a route module, fetch, Playwright). */
export type ApiExchange = {
  method: string
  /** The path, with or without a query string. */
  path: string
  status: number
  headers: Headers
  /** The raw body text ('' when there is none). */
  body: string
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options'] as const

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule

function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' ? inner.replace('#/components/schemas/', '#/$defs/') : rewriteRefs(inner),
      ]),
    )
  }
  return value
}

function templateRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${escaped}$`)
}

function resolve(document: JsonObject, value: Json | undefined): Json | undefined {
  let current = value
  for (let depth = 0; depth < 10 && current && typeof current === 'object' && !Array.isArray(current) && typeof current.$ref === 'string'; depth++) {
    const pointer = current.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    let target: Json | undefined = document
    for (const segment of pointer) target = target && typeof target === 'object' && !Array.isArray(target) ? target[segment] : undefined
    current = target
  }
  return current
}

export class ApiContract {
  private readonly document: JsonObject
  private readonly ajv: Ajv2020
  private readonly defs: Json
  private readonly compiled = new Map<string, ValidateFunction>()
  private readonly templates: { template: string; regex: RegExp; item: JsonObject }[]

  constructor(document: OpenApiLike) {
    this.document = JSON.parse(JSON.stringify(document)) as JsonObject
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true })
    addFormats(this.ajv)
    const components = (this.document.components ?? {}) as JsonObject
    this.defs = rewriteRefs((components.schemas ?? {}) as Json)
    const paths = (this.document.paths ?? {}) as Record<string, JsonObject>
    // Literal paths before templated ones, as routers match them.
    this.templates = Object.entries(paths)
      .map(([template, item]) => ({ template, regex: templateRegex(template), item }))
      .sort((a, b) => Number(a.template.includes('{')) - Number(b.template.includes('{')))
  }

  /** The document's operation for a method and path: its template and operation object. */
  operationFor(method: string, pathname: string): { template: string; operation: JsonObject | null; item: JsonObject } | null {
    const match = this.templates.find((t) => t.regex.test(pathname))
    if (!match) return null
    const key = method.toLowerCase()
    const operation = (match.item[key] ?? (key === 'head' ? match.item.get : undefined)) as JsonObject | undefined
    return { template: match.template, operation: operation ?? null, item: match.item }
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key)
    if (!validate) {
      const rewritten = rewriteRefs(schema) as JsonObject
      validate = this.ajv.compile({ ...rewritten, $defs: this.defs })
      this.compiled.set(key, validate)
    }
    return validate
  }

  /** Validates `value` against `schema` (a piece of this document); the problems, if any. */
  check(key: string, schema: Json, value: unknown): string[] {
    const validate = this.validator(key, schema)
    if (validate(value)) return []
    return (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`)
  }

  private checkErrorBody(exchange: ApiExchange, code: string): string[] {
    const problems: string[] = []
    if (!/^application\/json/.test(exchange.headers.get('content-type') ?? '')) problems.push('content-type is not application/json')
    let body: unknown
    try {
      body = JSON.parse(exchange.body)
    } catch {
      return [...problems, 'body is not JSON']
    }
    problems.push(...this.check('#/components/schemas/Error', { $ref: '#/components/schemas/Error' }, body).map((p) => `body${p}`))
    const actual = (body as { error?: { code?: unknown } }).error?.code
    if (actual !== code) problems.push(`error.code is ${JSON.stringify(actual)}, expected ${code}`)
    return problems
  }

  /** The problems of one exchange against the document; empty when it conforms. */
  problems(exchange: ApiExchange): string[] {
    const method = exchange.method.toUpperCase()
    const pathname = new URL(exchange.path, 'http://localhost').pathname
    const found = this.operationFor(method, pathname)
    if (!found) {
      if (exchange.status !== 404) return [`no operation serves ${pathname}, so only the API's 404 not_found may answer, not ${exchange.status}`]
      return this.checkErrorBody(exchange, 'not_found')
    }
    if (!found.operation) {
      // A HEAD answer has no body to check.
      const problems = exchange.status === 405 ? (method === 'HEAD' ? [] : this.checkErrorBody(exchange, 'method_not_allowed')) : [`${method} is not an operation of ${found.template}, so it must answer 405, not ${exchange.status}`]
      const allow = (exchange.headers.get('allow') ?? '').split(/\s*,\s*/).filter(Boolean).sort()
      const declared = METHODS.filter((m) => found.item[m]).map((m) => m.toUpperCase())
      if (declared.includes('GET') && !declared.includes('HEAD')) declared.push('HEAD')
      if (allow.join() !== declared.sort().join()) problems.push(`Allow is "${allow.join(', ')}", the document has ${declared.join(', ')}`)
      return problems
    }

    const operationId = String(found.operation.operationId)
    const responses = (found.operation.responses ?? {}) as Record<string, Json>
    const response = resolve(this.document, responses[String(exchange.status)] ?? responses.default) as JsonObject | undefined
    if (!response) return [`${operationId} does not declare status ${exchange.status} (declared: ${Object.keys(responses).join(', ')})`]
    const base = `#/paths/${found.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method === 'HEAD' && !found.item.head ? 'get' : method.toLowerCase()}/responses/${exchange.status}`
    const problems: string[] = []

    for (const [name, declared] of Object.entries((response.headers ?? {}) as Record<string, Json>)) {
      const header = resolve(this.document, declared) as JsonObject
      const value = exchange.headers.get(name)
      if (value === null) {
        if (header.required) problems.push(`header ${name} is required`)
        continue
      }
      const schema = (header.schema ?? {}) as JsonObject
      const typed = (schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value
      problems.push(...this.check(`${base}/headers/${name}`, schema, typed).map((p) => `header ${name}: ${value}: ${p}`))
    }

    const content = response.content as Record<string, JsonObject> | undefined
    if (method === 'HEAD') return problems
    if (!content) {
      if (exchange.body !== '') problems.push(`status ${exchange.status} has no body in the document, but one was sent`)
      return problems
    }
    const contentType = (exchange.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    const media = content[contentType]
    if (!media) return [...problems, `content-type "${contentType}" is not one of ${Object.keys(content).join(', ')}`]
    if (contentType === 'application/json' || contentType.endsWith('+json')) {
      let body: unknown
      try {
        body = JSON.parse(exchange.body)
      } catch {
        return [...problems, 'body is not JSON']
      }
      problems.push(...this.check(`${base}/content/${contentType}`, (media.schema ?? {}) as Json, body).map((p) => `body${p}`))
    }
    return problems
  }

  /** Throws, naming every problem, unless the exchange conforms to the document. */
  assert(exchange: ApiExchange): void {
    const problems = this.problems(exchange)
    if (problems.length > 0) {
      const excerpt = exchange.body.length > 600 ? `${exchange.body.slice(0, 600)}…` : exchange.body
      throw new Error(
        `${exchange.method.toUpperCase()} ${exchange.path} → ${exchange.status} does not match the OpenAPI document:\n` +
          problems.map((p) => `  - ${p}`).join('\n') +
          `\n  body: ${excerpt}`,
      )
    }
  }
}
