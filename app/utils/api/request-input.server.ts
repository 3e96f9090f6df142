import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import { unstable_parseMultipartFormData } from '@remix-run/node'
import type { z } from 'zod'
import { AppError } from '../app-error'
import type { FieldError } from './components.server'
import { INPUT_ERRORS } from './error-codes'
import type { MultipartBodySpec, OperationSpec } from './operation.server'
import { UploadedFile } from './uploaded-file.server'

/**
 * Reads and validates what an operation takes: path parameters, query,
 * declared headers and the body (JSON, multipart with files streamed to
 * disk, or untouched for a raw body). Invalid input is an AppError (4xx,
 * never stored under an idempotency key); nothing is buffered beyond the
 * operation's limits.
 */

export const DEFAULT_JSON_MAX_BYTES = 1024 * 1024
/** Objects and arrays nested deeper than this in a JSON body are refused before it is parsed (422 body_too_deep). */
export const JSON_MAX_DEPTH = 32
/** An array longer than this anywhere in a JSON body is refused before validation (422 array_too_long); a schema may allow fewer. */
export const JSON_MAX_ARRAY_ITEMS = 10_000
const MAX_TEXT_FIELD_BYTES = 64 * 1024
const MAX_MULTIPART_PARTS = 100

export type ParsedInput = {
  params: unknown
  query: unknown
  headers: unknown
  body: { type: 'json'; data: unknown } | { type: 'multipart'; data: unknown } | undefined
  /** SHA-256 of method, path, query and body: what an idempotency key is bound to. */
  fingerprint: string
  /** Deletes the temporary files of a multipart body. */
  cleanup: () => Promise<void>
}

function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
}

function invalid(kind: { status: number; code: string }, message: string, error?: z.ZodError): AppError {
  return new AppError(kind.code, message, kind.status, error ? { fields: fieldErrors(error) } : undefined)
}

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

function tooLarge(maxBytes: number): AppError {
  return new AppError(INPUT_ERRORS.tooLarge.code, `The body may be at most ${maxBytes.toLocaleString('en-US')} bytes.`, 413, { maxBytes })
}

async function readLimitedText(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes)
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => {})
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The deepest nesting of objects and arrays in JSON text, read without
 * parsing it (so a body of 100,000 `[` never reaches JSON.parse); stops
 * counting past `limit`.
 */
export function jsonDepth(text: string, limit = JSON_MAX_DEPTH): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92 /* \\ */) i++
      else if (c === 34 /* " */) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++
      if (depth > deepest) deepest = depth
      if (deepest > limit) return deepest
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--
  }
  return deepest
}

/** The path (`a.b.3`) and length of the first array in `value` longer than `maxItems`, if any. */
export function arrayTooLong(value: unknown, maxItems = JSON_MAX_ARRAY_ITEMS, path: string[] = []): { path: string; length: number } | null {
  if (Array.isArray(value)) {
    if (value.length > maxItems) return { path: path.join('.'), length: value.length }
    for (let i = 0; i < value.length; i++) {
      const found = arrayTooLong(value[i], maxItems, [...path, String(i)])
      if (found) return found
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = arrayTooLong(inner, maxItems, [...path, key])
      if (found) return found
    }
  }
  return null
}

/** Refuses a JSON body nested too deep or with too long an array: before JSON.parse and before the schema. */
function checkJsonShape(text: string): unknown {
  if (jsonDepth(text) > JSON_MAX_DEPTH) {
    throw new AppError(INPUT_ERRORS.tooDeep.code, `The body may nest objects and arrays at most ${JSON_MAX_DEPTH} levels deep.`, 422, { maxDepth: JSON_MAX_DEPTH })
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new AppError(INPUT_ERRORS.json.code, 'The request body must be JSON.', 400)
  }
  const long = arrayTooLong(raw)
  if (long) {
    throw new AppError(
      INPUT_ERRORS.arrayTooLong.code,
      `An array may have at most ${JSON_MAX_ARRAY_ITEMS.toLocaleString('en-US')} elements; ${long.path || 'the body'} has ${long.length.toLocaleString('en-US')}.`,
      422,
      { path: long.path, maxItems: JSON_MAX_ARRAY_ITEMS, length: long.length },
    )
  }
  return raw
}

/**
 * Unknown fields are refused, never ignored (docs/api.md, "Unknown fields"):
 * a query parameter the operation does not declare is a 400 invalid_query
 * naming it. (Body schemas are strict objects; tests/api-schema-bounds.test.ts
 * checks every one.)
 */
function checkQueryNames(entries: [string, string][], query: z.ZodObject | undefined): void {
  const known = new Set(Object.keys(query?.shape ?? {}))
  const unknown = [...new Set(entries.map(([name]) => name).filter((name) => !known.has(name)))]
  if (unknown.length === 0) return
  throw new AppError(INPUT_ERRORS.query.code, 'A query parameter is not valid.', 400, {
    fields: unknown.map((name) => ({ path: name, message: `Unknown query parameter "${name}"${known.size ? `; this endpoint takes ${[...known].join(', ')}` : '; this endpoint takes none'}.` })),
  })
}

/** Unwraps optional/default/nullable to see whether a field takes a list. */
function takesList(schema: z.ZodType | undefined): boolean {
  let def = (schema as { _zod?: { def: { type: string; innerType?: z.ZodType } } } | undefined)?._zod?.def
  while (def && (def.type === 'optional' || def.type === 'default' || def.type === 'nullable' || def.type === 'prefault')) {
    def = (def.innerType as { _zod?: { def: { type: string; innerType?: z.ZodType } } } | undefined)?._zod?.def
  }
  return def?.type === 'array'
}

function collect(entries: [string, unknown][], schema: z.ZodObject): Record<string, unknown> {
  const data: Record<string, unknown> = {}
  for (const [name, value] of entries) {
    const list = takesList(schema.shape[name] as z.ZodType | undefined)
    if (list) data[name] = [...((data[name] as unknown[] | undefined) ?? []), value]
    else if (name in data) data[name] = [data[name], value].flat()
    else data[name] = value
  }
  return data
}

async function readAll(data: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of data) {
    size += chunk.byteLength
    if (size > maxBytes) throw new AppError(INPUT_ERRORS.body.code, `A text field may be at most ${maxBytes} bytes.`, 400)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function streamToFile(data: AsyncIterable<Uint8Array>, file: string, maxBytes: number): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256')
  const out = createWriteStream(file, { flags: 'wx' })
  let size = 0
  try {
    for await (const chunk of data) {
      size += chunk.byteLength
      if (size > maxBytes) throw tooLarge(maxBytes)
      hash.update(chunk)
      if (!out.write(chunk)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'close')
  } catch (error) {
    out.destroy()
    throw error
  }
  return { size, sha256: hash.digest('hex') }
}

async function readMultipart(request: Request, spec: MultipartBodySpec): Promise<{ data: Record<string, unknown>; fingerprint: unknown; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'esd-api-upload-'))
  const cleanup = () => rm(dir, { recursive: true, force: true })
  const entries: [string, string | UploadedFile][] = []
  try {
    await unstable_parseMultipartFormData(request, async ({ name, filename, contentType, data }) => {
      if (entries.length >= MAX_MULTIPART_PARTS) {
        throw new AppError(INPUT_ERRORS.body.code, `A multipart body may have at most ${MAX_MULTIPART_PARTS} parts.`, 400)
      }
      if (filename === undefined) {
        entries.push([name, await readAll(data, MAX_TEXT_FIELD_BYTES)])
      } else if (filename !== '') {
        const file = path.join(dir, String(entries.length))
        const { size, sha256 } = await streamToFile(data, file, spec.maxFileBytes)
        entries.push([name, new UploadedFile(filename, contentType || 'application/octet-stream', size, sha256, file)])
      } else {
        // A form's file input left empty: the part is there, the file is not.
        for await (const chunk of data) void chunk
      }
      return undefined
    })
  } catch (error) {
    await cleanup()
    if (error instanceof AppError) throw error
    throw new AppError(INPUT_ERRORS.body.code, 'The multipart body could not be read.', 400)
  }
  const fingerprint = entries
    .map(([name, value]) => [
      name,
      value instanceof UploadedFile ? { filename: value.filename, contentType: value.contentType, size: value.size, sha256: value.sha256 } : value,
    ])
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
  return { data: collect(entries, spec.schema), fingerprint, cleanup }
}

function mediaTypeOf(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
}

function acceptedMediaTypes(operation: OperationSpec): string[] {
  const body = operation.body
  return [body?.json && 'application/json', body?.multipart && 'multipart/form-data', body?.raw?.contentType].filter(
    (type): type is string => Boolean(type),
  )
}

export async function readOperationInput(
  operation: OperationSpec,
  request: Request,
  routeParams: Record<string, string | undefined>,
): Promise<ParsedInput> {
  const url = new URL(request.url)

  let params: unknown = {}
  if (operation.params) {
    const result = operation.params.safeParse(routeParams)
    // A malformed id names nothing, like an id of another organization.
    if (!result.success) throw new AppError('not_found', `There is nothing at ${url.pathname}.`, 404)
    params = result.data
  }

  const queryEntries = [...url.searchParams.entries()]
  checkQueryNames(queryEntries, operation.query)
  let query: unknown = {}
  if (operation.query) {
    const result = operation.query.safeParse(collect(queryEntries, operation.query))
    if (!result.success) throw invalid(INPUT_ERRORS.query, 'A query parameter is not valid.', result.error)
    query = result.data
  }

  let headers: unknown = {}
  if (operation.headers) {
    const values = Object.fromEntries(
      Object.keys(operation.headers.shape).map((name) => [name, request.headers.get(name) ?? undefined]),
    )
    const result = operation.headers.safeParse(values)
    if (!result.success) throw invalid(INPUT_ERRORS.header, 'A request header is not valid.', result.error)
    headers = result.data
  }

  let body: ParsedInput['body']
  let bodyFingerprint: unknown = null
  let cleanup = async () => {}
  const spec = operation.body
  if (spec) {
    const mediaType = mediaTypeOf(request)
    if (spec.raw && mediaType === spec.raw.contentType.toLowerCase()) {
      // Left to the handler, stream untouched.
    } else if (spec.json && (mediaType === 'application/json' || mediaType.endsWith('+json'))) {
      const text = await readLimitedText(request, spec.json.maxBytes ?? DEFAULT_JSON_MAX_BYTES)
      const raw = checkJsonShape(text)
      const result = spec.json.schema.safeParse(raw)
      if (!result.success) throw invalid(INPUT_ERRORS.body, 'The request body is not valid.', result.error)
      body = { type: 'json', data: result.data }
      bodyFingerprint = { json: JSON.parse(canonicalJson(raw)) as unknown }
    } else if (spec.multipart && mediaType === 'multipart/form-data') {
      const read = await readMultipart(request, spec.multipart)
      cleanup = read.cleanup
      const result = spec.multipart.schema.safeParse(read.data)
      if (!result.success) {
        await cleanup()
        throw invalid(INPUT_ERRORS.body, 'The request body is not valid.', result.error)
      }
      body = { type: 'multipart', data: result.data }
      bodyFingerprint = { multipart: read.fingerprint }
    } else {
      const accepted = acceptedMediaTypes(operation)
      throw new AppError(
        INPUT_ERRORS.mediaType.code,
        mediaType ? `This endpoint does not take ${mediaType}; send ${accepted.join(' or ')}.` : `Send the body as ${accepted.join(' or ')}, with its Content-Type.`,
        415,
        { accepted },
      )
    }
  }

  const sortedQuery = queryEntries.sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)))
  const fingerprint = createHash('sha256')
    .update(canonicalJson({ method: operation.method, path: url.pathname, query: sortedQuery, body: bodyFingerprint }))
    .digest('hex')
  return { params, query, headers, body, fingerprint, cleanup }
}
